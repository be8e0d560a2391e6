import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordPort, startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-app.js';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { createAiProviders } from '../../src/app/ai-providers.js';
import { createCore } from '../../src/app/composition-root.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { loadConfig } from '../../src/config/config.js';
import { DELIVERY_JOB, TURN_JOB } from '../../src/domain/ports.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { AppMetrics } from '../../src/observability/metrics.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { DataStore } from '../../src/storage/data-store.js';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake-server.js';
import { messageEvent, postEvent, postSlashCommand } from '../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const VOICE = Buffer.alloc(4_096, 7);

describe.each(storageBackends)('Vision and voice through the OpenAI-compatible fake on $name', (backend) => {
  let db: TestDatabase;
  let slack: SlackFake;
  let openai: OpenAiFake;
  let adapter: SlackAdapter;
  let discord: DiscordFake;
  let discordAdapter: DiscordAdapter;
  let core: Awaited<ReturnType<typeof createCore>>;
  let queue: InProcessJobQueue;
  let store: DataStore;
  let url: string;
  const logs = memoryLogger();
  let counter = 0;

  beforeAll(async () => {
    db = await backend.open();
    slack = await startSlackFake({ teamId: TEAM });
    openai = await startOpenAiFake();
    discord = await startDiscordFake({ heartbeatIntervalMs: 1_000 });
    openai.setResponder(() => ({ kind: 'content', content: 'Good. Which component would you scale first, and why?' }));
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_VISION_MODEL: 'fake-vision',
      OPENAI_MAX_RETRIES: '0',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_API_URL: discord.apiUrl,
    });
    const logger = logs.logger;
    const catalog = new TopicCatalog();
    const ai = await createAiProviders(config, catalog, logger);
    const settings = { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl };
    const port = createSlackPort(settings, logger);
    const discordSettings = { token: discord.token, apiUrl: discord.apiUrl };
    const chat = new ChatPorts().register('slack', port).register('discord', createDiscordPort(discordSettings));
    const metrics = new AppMetrics();
    store = new DataStore(db.handle.db);
    queue = new InProcessJobQueue(logger, { concurrency: { [TURN_JOB]: 4, [DELIVERY_JOB]: 4 } });
    core = await createCore(
      { store, queue, queueKind: 'in-process', ai, catalog, chat, logger, metrics },
      { role: 'all', defaultDurationMinutes: 45, maxMessageChars: 60_000, turnLeaseMs: 5_000, timerMinuteMs: 60_000, sweepIntervalMs: 60_000, deliveryAttempts: 5 },
    );
    adapter = await startSlackAdapter(settings, { router: core.router, port, metrics, logger, readiness: { ready: true }, httpPort: 0 });
    discordAdapter = await startDiscordAdapter(discordSettings, { router: core.router, metrics, logger });
    url = `http://127.0.0.1:${adapter.boundPort}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await discordAdapter.stop();
    await core.close();
    await queue.close(3_000);
    await openai.close();
    await slack.close();
    await discord.close();
    await db.cleanup();
  });

  const thread = (channel: string, ts: string) => slack.messagesInThread(channel, ts).slice(1).map((m) => m.text ?? '');
  async function start(user: string) {
    const channel = `CVV${process.pid}${++counter}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(`${channel}-${user}`) });
    await until(() => slack.messagesInChannel(channel).length >= 1, 5_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    await until(() => thread(channel, root).length >= 1, 10_000, 'opening question');
    return { channel, root };
  }
  const share = (channel: string, root: string, user: string, file: Record<string, unknown>) =>
    postEvent(url, SECRET, messageEvent({ channel, user, text: '', thread_ts: root, subtype: 'file_share', files: [file] }), { teamId: TEAM });
  const answersOf = async (user: string) => {
    const session = await core.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user });
    return (await core.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM })).filter((m) => m.role === 'candidate');
  };

  it('a Slack image is downloaded with the bot token and sent to the vision model as a data URL', async () => {
    const user = `UIMG${counter}`;
    const { channel, root } = await start(user);
    const urlPrivate = slack.addPrivateFile({ id: 'F0PNG1', name: 'board.png', mimetype: 'image/png', bytes: PNG });
    expect((await share(channel, root, user, { id: 'F0PNG1', name: 'board.png', mimetype: 'image/png', size: PNG.length, url_private: urlPrivate })).status).toBe(200);
    await until(() => thread(channel, root)[1]?.includes('Which component') === true, 10_000, 'reply to the image');
    expect(thread(channel, root)[1]).toContain('Which component would you scale first');
    expect(openai.visions).toEqual([{ model: 'fake-vision', urls: [`data:image/png;base64,${PNG.toString('base64')}`] }]);
    expect(slack.fileDownloads).toContainEqual({ id: 'F0PNG1', authorization: 'Bearer xoxb-test' });
    const [answer] = await answersOf(user);
    expect(answer).toMatchObject({ mode: 'whiteboard', content: '[whiteboard image: board.png (image/png, 1 KB)]' });
    // The token is never written to a log line.
    expect(logs.raw()).not.toContain('xoxb-test');
    openai.assertNoUnexpected();
  });

  it('a Slack voice clip is transcribed, stored as audio with its transcript, and the transcript is shown in the thread', async () => {
    const user = `UVOICE${counter}`;
    const { channel, root } = await start(user);
    const urlPrivate = slack.addPrivateFile({ id: 'F0AUDIO1', name: 'audio_message.webm', mimetype: 'audio/webm', bytes: VOICE });
    openai.enqueueTranscription({ kind: 'text', text: 'I would cache hot short codes in Redis in front of the database.' });
    const clip = { id: 'F0AUDIO1', name: 'audio_message.webm', mimetype: 'audio/webm', size: VOICE.length, url_private: urlPrivate, subtype: 'slack_audio', duration_ms: 41_500 };
    expect((await share(channel, root, user, clip)).status).toBe(200);
    await until(() => thread(channel, root)[1]?.includes('Which component') === true, 10_000, 'reply to the voice clip');
    const posted = thread(channel, root)[1]!;
    expect(posted).toContain('Transcript of your voice message');
    expect(posted).toContain('I would cache hot short codes in Redis in front of the database.');
    expect(posted).toContain('Which component would you scale first');
    expect(openai.transcriptions.at(-1)).toMatchObject({ model: 'whisper-1', fileName: 'audio_message.webm', size: VOICE.length });
    const [answer] = await answersOf(user);
    expect(answer).toMatchObject({ mode: 'audio', content: 'I would cache hot short codes in Redis in front of the database.' });
    expect(answer!.metadata).toMatchObject({ transcript: answer!.content, attachments: [{ kind: 'audio', id: 'F0AUDIO1', durationSecs: 42 }] });
    // The interviewer read the transcript, not the placeholder.
    const lastChat = openai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    expect(lastChat.rawBody).toContain('cache hot short codes');
    openai.assertNoUnexpected();
  });

  it('a voice clip over the size or duration limit is refused privately and nothing is stored', async () => {
    const user = `UBIG${counter}`;
    const { channel, root } = await start(user);
    const before = openai.transcriptions.length;
    await share(channel, root, user, { id: 'F0BIG1', name: 'long.m4a', mimetype: 'audio/mp4', size: 30 * 1024 * 1024, url_private: `${slack.baseUrl}/files-pri/F0BIG1/long.m4a`, subtype: 'slack_audio' });
    await until(() => slack.ephemerals.some((e) => e.channel === channel && String(e.text).includes('the limit is 25.0 MB')), 5_000, 'size refusal');
    await share(channel, root, user, { id: 'F0LONG1', name: 'long.webm', mimetype: 'audio/webm', size: 1_000, url_private: `${slack.baseUrl}/files-pri/F0LONG1/long.webm`, subtype: 'slack_audio', duration_ms: 400_000 });
    await until(() => slack.ephemerals.some((e) => e.channel === channel && String(e.text).includes('the limit is 5:00')), 5_000, 'duration refusal');
    expect(await answersOf(user)).toEqual([]);
    expect(openai.transcriptions.length).toBe(before);
    expect(slack.fileDownloads.filter((d) => d.id === 'F0BIG1' || d.id === 'F0LONG1')).toEqual([]);
  });

  it('Discord: a voice message is read from the CDN and transcribed; an image goes to the vision model by its URL', async () => {
    const candidate = discord.addMember({ username: 'lin' });
    discord.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'URL shortener' }], userId: candidate.id, channelId: discord.textChannelId });
    await until(() => discord.threads.length > 0 && discord.botMessagesIn(discord.threads.at(-1)!.id).length >= 1, 10_000, 'opening question');
    const threadId = discord.threads.at(-1)!.id;
    const bot = () => discord.botMessagesIn(threadId).map((m) => String((m as { content?: string }).content ?? ''));

    const voiceUrl = discord.addCdnFile({ id: '1300000000000000011', name: 'voice-message.ogg', contentType: 'audio/ogg', bytes: VOICE });
    openai.enqueueTranscription({ kind: 'text', text: 'Reads dominate, so I would add read replicas.' });
    const voice = { id: '1300000000000000011', filename: 'voice-message.ogg', content_type: 'audio/ogg', size: VOICE.length, url: voiceUrl, proxy_url: voiceUrl, duration_secs: 7.2, waveform: 'AAAA' };
    discord.sendMessage({ channelId: threadId, authorId: candidate.id, content: '', attachments: [voice] });
    await until(() => bot().some((t) => t.includes('Reads dominate') && t.includes('Which component')), 10_000, 'transcript and reply');
    expect(discord.cdnDownloads).toContain('1300000000000000011');
    expect(openai.transcriptions.at(-1)).toMatchObject({ fileName: 'voice-message.ogg', size: VOICE.length });

    const image = { id: '1300000000000000012', filename: 'board.png', content_type: 'image/png', size: 2_048, url: 'https://cdn.discordapp.com/attachments/1/2/board.png', proxy_url: 'https://media.discordapp.net/attachments/1/2/board.png' };
    const repliesBefore = bot().length;
    discord.sendMessage({ channelId: threadId, authorId: candidate.id, content: 'my whiteboard', attachments: [image] });
    await until(() => bot().length > repliesBefore && bot().at(-1)!.includes('Which component'), 10_000, 'reply to the image');
    expect(openai.visions.at(-1)).toEqual({ model: 'fake-vision', urls: [image.url] });

    const session = await core.sessions.getActiveSession({ platform: 'discord', workspaceId: discord.guildId, userId: candidate.id });
    const answers = (await core.sessions.getTranscript(session!.id, { platform: 'discord', workspaceId: discord.guildId })).filter((m) => m.role === 'candidate');
    expect(answers.map((m) => [m.mode, m.content])).toEqual([
      ['audio', 'Reads dominate, so I would add read replicas.'],
      ['whiteboard', 'my whiteboard\n[whiteboard image: board.png (image/png, 2 KB)]'],
    ]);
    openai.assertNoUnexpected();
  });
});
