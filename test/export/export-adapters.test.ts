import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SCOPE, runConsole } from '../../adapters/console/console-adapter.js';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port.js';
import { FILES_IN_DM } from '../../adapters/slack/slack-listeners.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { Session, TranscriptMessage } from '../../src/domain/types.js';
import { MessageFlag, type DiscordFake } from '../fakes/discord-fake.js';
import { postSlashCommand } from '../fakes/slack-signed-request.js';
import type { SlackFake } from '../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../support/chat-stack.js';
import { startDiscordOverFake, type DiscordOverFake } from '../support/discord-over-fake.js';
import { finishedInterview } from '../support/finished-interview.js';
import { memoryLogger } from '../support/memory-log.js';
import { decodePng } from '../support/png.js';
import { until } from '../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/** The export holds every stored message, whole and in order, and the evaluation's score. */
async function expectExportOf(markdown: string, stack: Awaited<ReturnType<typeof buildChatStack>>, session: Session): Promise<void> {
  const scope = { platform: session.platform, workspaceId: session.workspaceId };
  const transcript: TranscriptMessage[] = await stack.sessions.getTranscript(session.id, scope);
  expect(transcript.filter((m) => m.role === 'candidate')).toHaveLength(3);
  let at = 0;
  for (const message of transcript) {
    const found = markdown.indexOf(message.content, at);
    expect(found, `message ${message.seq}`).toBeGreaterThan(at);
    at = found;
  }
  const report = (await stack.sessions.getEvaluation(session.id, scope))!;
  expect(markdown).toContain(`**Score:** ${report.overallScore}/100`);
  expect(markdown).toContain(`# Mock interview: URL shortener`);
}

describe('export through the Slack Web API fake: into the DM, never the channel', () => {
  const SECRET = 'test-signing-secret';
  const TEAM = 'T_EXPORT';
  let db: TestDatabase;
  let slack: SlackFake;
  let bolt: SlackOverBolt;
  let stack: SlackOverBolt['stack'];
  let url: string;

  beforeAll(async () => {
    db = await storageBackends[0]!.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, botToken: 'xoxb-test-export', logger: memoryLogger().logger });
    ({ slack, stack, url } = bolt);
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  it('export: the Markdown and the chart into the candidate\'s DM; replay in the thread, share at the channel top level; a teammate is refused every time', async () => {
    const session = await finishedInterview(stack, { platform: 'slack', workspaceId: TEAM, channelId: 'CEXPORT', userId: 'UADA' });
    const response = await postSlashCommand(url, SECRET, { text: 'export', team_id: TEAM, channel_id: 'CEXPORT', user_id: 'UADA', response_url: slack.responseUrl('export') });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'export'), 10_000, 'export response');
    const reply = JSON.stringify(slack.responses.filter((r) => r.id === 'export').map((r) => r.body));
    expect(reply).toContain('ephemeral');
    expect(reply).toContain(FILES_IN_DM);
    // Only the DM: the thread's own evaluation chart is uploaded there by the card's delivery, not by the export.
    const uploaded = slack.files.filter((f) => f.channel_id?.startsWith('D'));
    expect(uploaded.map((f) => [f.filename, f.channel_id, f.thread_ts])).toEqual([
      [`${session.id}.md`, 'DADA', undefined],
      [`${session.id}-dimensions.png`, 'DADA', undefined],
    ]);
    await expectExportOf(uploaded[0]!.bytes.toString('utf8'), stack, session);
    expect(decodePng(uploaded[1]!.bytes).width).toBe(1200);

    const theirs = await postSlashCommand(url, SECRET, { text: `export ${session.id}`, team_id: TEAM, channel_id: 'CEXPORT', user_id: 'UBOB', response_url: slack.responseUrl('theirs') });
    expect(theirs.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'theirs'), 10_000, 'refusal');
    expect(JSON.stringify(slack.responses.filter((r) => r.id === 'theirs').map((r) => r.body))).toContain('not one of your interviews');
    expect(slack.files.filter((f) => f.channel_id?.startsWith('D'))).toHaveLength(2);
    expect(new Set(slack.callsOf('conversations.open').map((c) => c.args.users))).toEqual(new Set(['UADA']));

    // Replay: in the interview's thread. Share: at the channel's top level. Only for the candidate.
    const posts = () => slack.callsOf('chat.postMessage').map((c) => ({ channel: c.args.channel, thread: c.args.thread_ts, text: JSON.stringify(c.args) }));
    const ask = async (text: string, user: string, id: string) => {
      await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: 'CEXPORT', user_id: user, response_url: slack.responseUrl(id) });
      await until(() => slack.responses.some((r) => r.id === id), 10_000, text);
      return JSON.stringify(slack.responses.filter((r) => r.id === id).map((r) => r.body));
    };
    const before = posts().length;
    expect(await ask(`replay ${session.id}`, 'UBOB', 'bob-replay')).toContain('not one of your interviews');
    expect(await ask(`share ${session.id}`, 'UBOB', 'bob-share')).toContain('not one of your interviews');
    expect(posts()).toHaveLength(before);
    await ask('replay', 'UADA', 'replay');
    await until(() => posts().some((p) => p.text.includes('Replay: URL shortener interview')), 10_000, 'replay in the thread');
    expect(posts().find((p) => p.text.includes('Replay: URL shortener interview'))).toMatchObject({ channel: 'CEXPORT', thread: session.threadId });
    expect(await ask('share', 'UADA', 'share')).toContain('Sharing your score in this channel');
    await until(() => posts().some((p) => p.text.includes('shared their URL shortener mock interview')), 10_000, 'share in the channel');
    const shared = posts().find((p) => p.text.includes('shared their URL shortener mock interview'))!;
    expect(shared).toMatchObject({ channel: 'CEXPORT', thread: undefined });
  }, 60_000);
});

describe('export through the Discord fake: an ephemeral reply with the files attached', () => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  let stack: DiscordOverFake['stack'];

  beforeAll(async () => {
    db = await storageBackends[0]!.open();
    discord = await startDiscordOverFake(db.handle, { logger: memoryLogger().logger });
    ({ fake, stack } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  it('attaches the Markdown and the chart to the ephemeral reply; a teammate is refused with nothing attached', async () => {
    const ada = fake.addMember({ username: 'ada' });
    const bob = fake.addMember({ username: 'bob' });
    const session = await finishedInterview(stack, { platform: 'discord', workspaceId: fake.guildId, channelId: fake.textChannelId, userId: ada.id });
    const webhookRequests = (interactionId: string) => {
      const token = fake.interactions.get(interactionId)!.token;
      return fake.rest.filter((r) => r.path.startsWith(`/webhooks/${fake.applicationId}/${token}`));
    };

    const sent = fake.sendCommand({ subcommand: 'export', userId: ada.id, channelId: fake.textChannelId });
    await until(() => webhookRequests(sent.id).some((r) => r.files.length > 0), 20_000, 'export attachment');
    expect(fake.responsesFor(sent.id)[0]).toMatchObject({ type: 5, ephemeral: true });
    const withFiles = webhookRequests(sent.id).filter((r) => r.files.length > 0);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]!.files.map((f) => f.name)).toEqual([`${session.id}.md`, `${session.id}-dimensions.png`]);
    await expectExportOf(withFiles[0]!.files[0]!.data.toString('utf8'), stack, session);
    const shown = fake.messages.get(fake.interactions.get(sent.id)!.originalMessageId!)!.message;
    expect(shown.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);

    const theirs = fake.sendCommand({ subcommand: 'export', options: [{ name: 'which', value: session.id }], userId: bob.id, channelId: fake.textChannelId });
    await until(() => fake.webhookCalls.some((c) => c.interactionId === theirs.id && JSON.stringify(c.body).includes('not one of your interviews')), 10_000, 'refusal');
    expect(webhookRequests(theirs.id).filter((r) => r.files.length > 0)).toEqual([]);
  }, 60_000);
});

describe('export in the terminal: files under DATA_DIR/exports', () => {
  let db: TestDatabase;
  let dir: string;
  afterAll(async () => {
    await db?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes <id>.md and the chart and prints where', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-export-'));
    db = await storageBackends[0]!.open();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const port = new ConsoleChatPort(output, { filesDir: join(dir, 'charts'), exportsDir: join(dir, 'exports') });
    const stack = await buildChatStack(db.handle, new ChatPorts().register('console', port), memoryLogger().logger);
    try {
      const session = await finishedInterview(stack, { ...CONSOLE_SCOPE, userId: 'tester', displayName: 'Tester' });
      const input = new PassThrough();
      input.end('/interview export\n/quit\n');
      await runConsole(stack.router, port, stack.sessions, { input, output, interactive: false, userId: 'tester', displayName: 'Tester', evaluationTimeoutMs: 100 });
      const file = join(dir, 'exports', `${session.id}.md`);
      expect(existsSync(file)).toBe(true);
      expect(printed).toContain(`saved to ${file}`);
      await expectExportOf(readFileSync(file, 'utf8'), stack, session);
      expect(decodePng(readFileSync(join(dir, 'exports', `${session.id}-dimensions.png`))).width).toBe(1200);
    } finally {
      await stack.close();
    }
  }, 60_000);
});
