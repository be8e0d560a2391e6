import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_IN_DM, CHART_MAYBE_IN_DM, CHART_NOT_SENT, FILES_IN_DM } from '../../adapters/slack/slack-listeners.js';
import { postSlashCommand } from '../fakes/slack-signed-request.js';
import type { SlackFake } from '../fakes/slack-web-api-fake.js';
import { finishedInterview } from '../support/finished-interview.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { seedInterviews } from '../support/seed-progress.js';
import { startSlackOverBolt, type SlackOverBolt } from '../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

// `stats` and `export` on Slack answer with an ephemeral message (through the response URL) and
// upload their files into the asker's DM with the bot. Through Bolt and the real WebClient
// against the Slack fake: when an upload is rate limited (429) or Slack does not answer (a
// held answer past the client's timeout, after Slack shared the file), the text reply still
// arrives and says truly whether each file came.

const SECRET = 'test-signing-secret';
const TEAM = 'T_DMFAULTS';
const TIMEOUT_MS = 1_500;

describe.each(storageBackends)('Slack DM uploads of stats and export failing, on $name', (backend) => {
  let db: TestDatabase;
  let bolt: SlackOverBolt;
  let slack: SlackFake;
  let stack: SlackOverBolt['stack'];
  let url: string;
  const log = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, logger: log.logger, timeoutMs: TIMEOUT_MS });
    ({ slack, stack, url } = bolt);
    const recent = (userId: string, score: number) => ({ userId, endedAt: new Date(Date.now() - 60_000), score, channelId: 'CPRACTICE', displayName: userId.toLowerCase() });
    await seedInterviews(db.handle.db, { platform: 'slack', workspaceId: TEAM }, [recent('USTAT1', 70), recent('USTAT2', 75)]);
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  async function ask(text: string, user: string, id: string): Promise<string> {
    const response = await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: 'CPRACTICE', user_id: user, response_url: slack.responseUrl(id) });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id), 10_000, `${text} response`);
    // Whatever else is still coming for it (a second part).
    await new Promise((r) => setTimeout(r, 200));
    const bodies = slack.responses.filter((r) => r.id === id).map((r) => r.body as { response_type?: string; text?: string });
    expect(bodies.every((b) => b.response_type === 'ephemeral')).toBe(true);
    return bodies.map((b) => String(b.text)).join('\n');
  }
  const dmFiles = (user: string) => slack.files.filter((f) => f.channel_id === `D${user.slice(1)}`).map((f) => f.filename);

  it('stats: a 429 on the upload: the numbers arrive, and the reply says the chart was not sent', async () => {
    slack.failNext('files.getUploadURLExternal', { error: 'ratelimited', retryAfter: 1 });
    const reply = await ask('stats', 'USTAT1', 'stats-429');
    expect(reply).toContain('70/100');
    expect(reply).toContain(CHART_NOT_SENT);
    expect(reply).not.toContain(CHART_IN_DM);
    expect(dmFiles('USTAT1')).toEqual([]);
  });

  it('stats: Slack shares the chart but never answers: the numbers arrive, and the reply does not claim either way', async () => {
    slack.failNext('files.completeUploadExternal', { error: 'request_timeout', status: 500, delayMs: TIMEOUT_MS * 3, applied: true });
    const started = Date.now();
    const reply = await ask('stats', 'USTAT2', 'stats-timeout');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    expect(reply).toContain('75/100');
    expect(reply).toContain(CHART_MAYBE_IN_DM);
    expect(reply).not.toContain(CHART_IN_DM);
    expect(reply).not.toContain(CHART_NOT_SENT);
    // It is there, as Slack carried the call out.
    expect(dmFiles('USTAT2')).toHaveLength(1);
  });

  /** A finished interview whose card (and its chart, in the thread) is posted, so injected failures hit only the export. */
  async function finished(user: string, channel: string) {
    const session = await finishedInterview(stack, { platform: 'slack', workspaceId: TEAM, channelId: channel, userId: user });
    await until(() => slack.files.some((f) => f.filename === `${session.id}-dimensions.png` && f.channel_id === channel), 10_000, 'the card\'s chart in the thread');
    return session;
  }

  it('export: a 429 on the first file: the reply says neither file was sent', async () => {
    const session = await finished('UEXP1', 'CEXP1');
    slack.failNext('files.getUploadURLExternal', { error: 'ratelimited', retryAfter: 1 });
    const reply = await ask('export', 'UEXP1', 'export-429');
    expect(reply).not.toContain(FILES_IN_DM);
    expect(reply).toContain(`${session.id}.md\` could not be sent and 1 more file was not sent. Please try \`/interview export\` again in a minute.`);
    expect(dmFiles('UEXP1')).toEqual([]);
  });

  it('export: the Markdown arrives, the chart times out after Slack shared it: the reply names what is there and what is unconfirmed', async () => {
    const session = await finished('UEXP2', 'CEXP2');
    slack.passNext('files.completeUploadExternal');
    slack.failNext('files.completeUploadExternal', { error: 'request_timeout', status: 500, delayMs: TIMEOUT_MS * 3, applied: true });
    const reply = await ask('export', 'UEXP2', 'export-timeout');
    expect(reply).not.toContain(FILES_IN_DM);
    expect(reply).toContain(`\`${session.id}.md\` is in our direct messages, but Slack did not confirm that \`${session.id}-dimensions.png\` arrived. Please try`);
    expect(dmFiles('UEXP2')).toEqual([`${session.id}.md`, `${session.id}-dimensions.png`]);
  });
});
