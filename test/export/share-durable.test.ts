import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/types.js';
import { postSlashCommand } from '../fakes/slack-signed-request.js';
import type { SlackFake } from '../fakes/slack-web-api-fake.js';
import { finishedInterview } from '../support/finished-interview.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/**
 * `/interview share` is owed like any post: recorded, then posted by the share job, which waits
 * out a 429's Retry-After and reconciles (message metadata in `conversations.history`) after a
 * failure that may have posted. Real Bolt, the real Web API client, the Slack fake over loopback.
 */
describe('share through Slack: recorded, posted once by its job', () => {
  const SECRET = 'test-signing-secret';
  const TEAM = 'T_SHARE';
  const CHANNEL = 'CSHARE';
  const log = memoryLogger();
  let db: TestDatabase;
  let slack: SlackFake;
  let bolt: SlackOverBolt;
  let url: string;

  beforeAll(async () => {
    db = await storageBackends[0]!.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, botToken: 'xoxb-test-share', logger: log.logger });
    ({ slack, url } = bolt);
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  /** An evaluated interview whose thread posts (the card, its picture) are all out, so a failure queued next hits the share. */
  const interview = async (): Promise<Session> => {
    const session = await finishedInterview(bolt.stack, { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, userId: 'UADA', displayName: 'Ada' });
    await until(async () => {
      const rows = await db.handle.db.selectFrom('deliveries').select('status').where('session_id', '=', session.id).execute();
      return rows.length > 0 && rows.every((r) => r.status === 'posted');
    }, 20_000, 'thread deliveries posted');
    return session;
  };
  const ask = async (text: string, user: string, id: string): Promise<string> => {
    const response = await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: CHANNEL, user_id: user, response_url: slack.responseUrl(id) });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id), 10_000, text);
    return JSON.stringify(slack.responses.filter((r) => r.id === id).map((r) => r.body));
  };
  /** The channel's top-level messages that are this interview's share. */
  const sharesOf = (session: Session) => slack.messagesInChannel(CHANNEL).filter((m) => !m.thread_ts && JSON.stringify(m).includes('shared their URL shortener mock interview') && JSON.stringify(m).includes(`share-${session.id}`));
  const jobPosted = (session: Session) => log.lines().some((l) => l.message === 'Share posted' && l.session_id === session.id);

  it('a 500 after Slack really posted: the retry finds the message by its metadata and the summary is in the channel exactly once', async () => {
    const session = await interview();
    const historyBefore = slack.callsOf('conversations.history').length;
    slack.failNext('chat.postMessage', { error: 'internal_error', status: 500, applied: true });
    expect(await ask('share', 'UADA', 'share-500')).toContain('Sharing your score in this channel');
    await until(() => jobPosted(session), 20_000, 'share job done');
    expect(sharesOf(session)).toHaveLength(1);
    expect(sharesOf(session)[0]!.metadata).toMatchObject({ event_type: 'mib_delivery', event_payload: { key: `share-${session.id}-${CHANNEL}#0` } });
    // One post (answered 500 after it was made); the retry looked in the channel instead of posting again.
    const sharePosts = slack.callsOf('chat.postMessage').filter((c) => JSON.stringify(c.args).includes(`share-${session.id}`));
    expect(sharePosts.map((c) => c.error ?? 'ok')).toEqual(['internal_error']);
    const looks = slack.callsOf('conversations.history').slice(historyBefore);
    expect(looks.length).toBeGreaterThanOrEqual(2);
    expect(looks.every((c) => c.args.channel === CHANNEL && String(c.args.include_all_metadata) === 'true')).toBe(true);
  }, 90_000);

  it("a 429 with Retry-After: the job waits Slack's time (longer than its own backoff), then posts once", async () => {
    const session = await interview();
    slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 4 });
    const limitedBefore = slack.callsOf('chat.postMessage').filter((c) => c.error === 'ratelimited').length;
    expect(await ask('share', 'UADA', 'share-429')).toContain('Sharing your score in this channel');
    await until(() => slack.callsOf('chat.postMessage').filter((c) => c.error === 'ratelimited').length > limitedBefore, 10_000, 'the 429');
    const limitedAt = Date.now();
    await until(() => sharesOf(session).length > 0, 20_000, 'share posted after the wait');
    // The job's own backoff is 2 s: posting before ~4 s would mean Retry-After was ignored.
    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(3_500);
    await until(() => jobPosted(session), 5_000, 'share job done');
    expect(sharesOf(session)).toHaveLength(1);
  }, 90_000);

  it('someone else is refused privately and nothing is recorded or posted; the candidate\'s second share says where the first is', async () => {
    const session = await interview();
    const postsBefore = slack.callsOf('chat.postMessage').length;
    const refusal = await ask(`share ${session.id}`, 'UBOB', 'bob-share');
    expect(refusal).toContain('not one of your interviews');
    expect(refusal).toContain('ephemeral');
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.callsOf('chat.postMessage')).toHaveLength(postsBefore);
    expect(await db.handle.db.selectFrom('outbox').select('id').where('session_id', '=', session.id).where('kind', '=', 'share-summary').execute()).toEqual([]);

    await ask(`share ${session.id}`, 'UADA', 'ada-share');
    await until(() => jobPosted(session), 20_000, 'share job done');
    const again = await ask('share 1', 'UADA', 'ada-again');
    expect(again).toContain('ephemeral');
    expect(again).toMatch(/You already shared this interview on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: it is at the top level of this channel/);
    await new Promise((r) => setTimeout(r, 300));
    expect(sharesOf(session)).toHaveLength(1);
  }, 90_000);
});
