import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordPort, startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-app.js';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { AppMetrics } from '../../src/observability/metrics.js';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { messageEvent, postEvent, postSlashCommand } from '../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';
const MERMAID = 'My design:\n```mermaid\ngraph LR\n  C[Client] --> G[Gateway] --> S[Shortener]\n  S --> D[(Postgres)]\n```';

describe.each(storageBackends)('Whiteboard messages through the platform fakes on $name', (backend) => {
  let db: TestDatabase;
  let slack: SlackFake;
  let discord: DiscordFake;
  let slackAdapter: SlackAdapter;
  let discordAdapter: DiscordAdapter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  let url: string;

  beforeAll(async () => {
    db = await backend.open();
    slack = await startSlackFake({ teamId: TEAM });
    discord = await startDiscordFake({ heartbeatIntervalMs: 1_000 });
    const logger = memoryLogger().logger;
    const slackSettings = { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl };
    const discordSettings = { token: discord.token, apiUrl: discord.apiUrl };
    const slackPort = createSlackPort(slackSettings, logger);
    const chat = new ChatPorts().register('slack', slackPort).register('discord', createDiscordPort(discordSettings));
    const metrics = new AppMetrics();
    stack = await buildChatStack(db.handle, chat, logger, metrics);
    slackAdapter = await startSlackAdapter(slackSettings, { router: stack.router, port: slackPort, metrics, logger, readiness: { ready: true }, httpPort: 0 });
    discordAdapter = await startDiscordAdapter(discordSettings, { router: stack.router, metrics, logger });
    url = `http://127.0.0.1:${slackAdapter.boundPort}/slack/events`;
  });
  afterAll(async () => {
    await slackAdapter.stop();
    await discordAdapter.stop();
    await stack.close();
    await slack.close();
    await discord.close();
    await db.cleanup();
  });

  const unescape = (text: string) => text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
  const slackThread = (channel: string, ts: string) => slack.messagesInThread(channel, ts).slice(1).map((m) => unescape(m.text ?? ''));

  it('Slack: an image and a Mermaid block are stored as whiteboard messages and answered', async () => {
    const channel = `CWB${process.pid}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: 'U1', response_url: slack.responseUrl(`${channel}-U1`) });
    await until(() => slack.messagesInChannel(channel).length === 1, 5_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    await until(() => slackThread(channel, root).length >= 1, 5_000, 'opening question');

    const file = { id: 'F0IMAGE1', name: 'whiteboard.png', mimetype: 'image/png', size: 345_678, url_private: `${slack.apiUrl.replace(/\/api\/?$/, '')}/files-pri/T_FAKE-F0IMAGE1/whiteboard.png` };
    const image = messageEvent({ channel, user: 'U1', text: '', thread_ts: root, subtype: 'file_share', files: [file] });
    expect((await postEvent(url, SECRET, image, { teamId: TEAM })).status).toBe(200);
    await until(() => slackThread(channel, root).length >= 2, 10_000, 'reply to the image');
    expect(slackThread(channel, root)[1]).toMatch(/can't read images/);

    expect((await postEvent(url, SECRET, messageEvent({ channel, user: 'U1', text: MERMAID.replace(/>/g, '&gt;'), thread_ts: root }), { teamId: TEAM })).status).toBe(200);
    await until(() => slackThread(channel, root).length >= 3, 10_000, 'reply to the Mermaid block');
    expect(slackThread(channel, root)[2]).toContain('You drew Client -> Gateway -> Shortener -> Postgres');

    const session = await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: 'U1' });
    const transcript = await stack.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM });
    const answers = transcript.filter((m) => m.role === 'candidate');
    expect(answers.map((m) => m.mode)).toEqual(['whiteboard', 'whiteboard']);
    expect(answers[0]!.content).toBe('[whiteboard image: whiteboard.png (image/png, 338 KB)]');
    expect(answers[0]!.metadata.attachments).toEqual([{ kind: 'image', id: 'F0IMAGE1', url: file.url_private, name: 'whiteboard.png', contentType: 'image/png', size: 345_678 }]);
    expect((answers[1]!.metadata.diagram as { components: string[] }).components).toEqual(['Client', 'Gateway', 'Shortener', 'Postgres']);
    // Nothing was downloaded or uploaded again: the image is kept by reference.
    expect(slack.callsOf('files.uploadV2').length + slack.callsOf('files.getUploadURLExternal').length).toBe(0);
  });

  it('Slack without OPENAI_API_KEY: a voice clip gets a private notice and nothing is stored', async () => {
    const channel = `CNK${process.pid}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: 'U2', response_url: slack.responseUrl(`${channel}-U2`) });
    await until(() => slack.messagesInChannel(channel).length === 1, 5_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    await until(() => slackThread(channel, root).length >= 1, 5_000, 'opening question');
    const clip = { id: 'F0VOICE1', name: 'audio_message.webm', mimetype: 'audio/webm', size: 40_000, url_private: `${slack.baseUrl}/files-pri/F0VOICE1/audio_message.webm`, subtype: 'slack_audio', duration_ms: 12_000 };
    expect((await postEvent(url, SECRET, messageEvent({ channel, user: 'U2', text: '', thread_ts: root, subtype: 'file_share', files: [clip] }), { teamId: TEAM })).status).toBe(200);
    await until(() => slack.ephemerals.some((e) => e.channel === channel && String(e.text).includes('Voice answers need OPENAI_API_KEY')), 5_000, 'no-key notice');
    expect(slack.ephemerals.find((e) => e.channel === channel && String(e.text).includes('OPENAI_API_KEY'))!.user).toBe('U2');
    const session = await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: 'U2' });
    const transcript = await stack.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM });
    expect(transcript.filter((m) => m.role === 'candidate')).toEqual([]);
    expect(slackThread(channel, root)).toHaveLength(1);
    expect(slack.fileDownloads).toEqual([]);
  });

  it('Discord: an image attachment and an ASCII drawing are stored as whiteboard messages and answered', async () => {
    const candidate = discord.addMember({ username: 'grace' });
    discord.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'URL shortener' }], userId: candidate.id, channelId: discord.textChannelId });
    await until(() => discord.threads.length > 0 && discord.botMessagesIn(discord.threads.at(-1)!.id).length >= 1, 10_000, 'opening question');
    const threadId = discord.threads.at(-1)!.id;
    const bot = () => discord.botMessagesIn(threadId).map((m) => String((m as { content?: string }).content ?? ''));

    const attachment = { id: '1300000000000000001', filename: 'diagram.jpg', content_type: 'image/jpeg', size: 52_000, url: 'https://cdn.discordapp.com/attachments/1/2/diagram.jpg', proxy_url: 'https://media.discordapp.net/attachments/1/2/diagram.jpg' };
    discord.sendMessage({ channelId: threadId, authorId: candidate.id, content: '', attachments: [attachment] });
    await until(() => bot().length >= 2, 10_000, 'reply to the image');
    expect(bot()[1]).toMatch(/can't read images/);

    discord.sendMessage({ channelId: threadId, authorId: candidate.id, content: '```\n[Client] --> [API] --> [Database]\n```' });
    await until(() => bot().length >= 3, 10_000, 'reply to the ASCII drawing');
    expect(bot()[2]).toContain('You drew Client -> API -> Database');

    const session = await stack.sessions.getActiveSession({ platform: 'discord', workspaceId: discord.guildId, userId: candidate.id });
    const transcript = await stack.sessions.getTranscript(session!.id, { platform: 'discord', workspaceId: discord.guildId });
    const answers = transcript.filter((m) => m.role === 'candidate');
    expect(answers.map((m) => m.mode)).toEqual(['whiteboard', 'whiteboard']);
    expect(answers[0]!.metadata.attachments).toEqual([{ kind: 'image', id: attachment.id, url: attachment.url, name: 'diagram.jpg', contentType: 'image/jpeg', size: 52_000 }]);

    // A voice message (flag IS_VOICE_MESSAGE, an audio attachment with its duration) without a key: a private notice, nothing stored.
    const voice = { id: '1300000000000000002', filename: 'voice-message.ogg', content_type: 'audio/ogg', size: 24_000, url: 'https://cdn.discordapp.com/attachments/1/3/voice-message.ogg', proxy_url: 'https://media.discordapp.net/attachments/1/3/voice-message.ogg', duration_secs: 9.5, waveform: 'AAAA' };
    discord.sendMessage({ channelId: threadId, authorId: candidate.id, content: '', attachments: [voice] });
    const dm = () => [...discord.channels.values()].find((c) => c.type === 1 && (c.recipients as Array<{ id: string }>)[0]?.id === candidate.id);
    await until(() => Boolean(dm()) && discord.botMessagesIn(dm()!.id).some((m) => JSON.stringify(m).includes('Voice answers need OPENAI_API_KEY')), 10_000, 'no-key notice in a DM');
    expect((await stack.sessions.getTranscript(session!.id, { platform: 'discord', workspaceId: discord.guildId })).filter((m) => m.role === 'candidate')).toHaveLength(2);
    expect(bot()).toHaveLength(3);
  });
});
