import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/storage/database.js';
import { migrateToLatest } from '../../../src/storage/migrate.js';
import { messageEvent, postEvent, postSlashCommand } from '../../fakes/slack-signed-request.js';
import { startTcpProxy, type TcpProxy } from '../../fakes/tcp-proxy.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../../support/slack-over-bolt.js';

const PG = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : null;
const SECRET = 'test-signing-secret';
const TEAM = 'T_PGOUT';
const NOT_SAVED = '❌ Your message was not saved: the interview store is unavailable right now. Please send it again in a minute.';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG!.toString() });
  await client.connect();
  await client.query(sql);
  await client.end();
}

/**
 * The Slack adapter (real Bolt) on real Postgres reached through a proxy this test cuts: a thread
 * message sent while Postgres is unreachable is told privately that it was not saved and to send
 * it again; once Postgres is back, the message sent again is stored and answered once.
 */
describe.skipIf(!PG)('a thread message while Postgres is down, through Slack', () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const logs = memoryLogger();
  let proxy: TcpProxy;
  let handle: DatabaseHandle;
  let bolt: SlackOverBolt;

  beforeAll(async () => {
    await admin(`create schema ${schema}`);
    const direct = await openDatabase({ url: PG!.toString(), dataDir: '', poolMax: 2, searchPath: schema });
    await migrateToLatest(direct.db, { schema });
    await direct.close();
    proxy = await startTcpProxy(PG!.hostname, Number(PG!.port || 5432));
    const url = new URL(PG!);
    url.host = `127.0.0.1:${proxy.port}`;
    handle = await openDatabase({ url: url.toString(), dataDir: '', poolMax: 4, searchPath: schema });
    bolt = await startSlackOverBolt(handle, { teamId: TEAM, secret: SECRET, logger: logs.logger });
  }, 60_000);
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await bolt?.close().catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await proxy?.close();
    await admin(`drop schema if exists ${schema} cascade`);
  });

  it('says "not saved, send it again" during the outage; the message sent again is answered once', async () => {
    const { slack, url } = bolt;
    const user = 'U_PGOUT';
    const channel = `CPGOUT${process.pid}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(`${channel}-${user}`) });
    await until(() => slack.messagesInChannel(channel).length >= 1, 10_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    const replies = () => slack.messagesInThread(channel, root).slice(1).filter((m) => m.bot_id);
    await until(() => replies().length >= 1, 10_000, 'opening question');
    // The start is over (its timers armed) before the network to Postgres is cut.
    await until(() => logs.lines().some((l) => l.operation === 'arm_timers'), 10_000, 'timers armed');
    await new Promise((r) => setTimeout(r, 300));
    const privately = () => slack.ephemerals.filter((e) => e.user === user && e.channel === channel);

    await proxy.cut();
    const lost = await postEvent(url, SECRET, messageEvent({ channel, user, team: TEAM, text: 'We need about 100M new links a month.', thread_ts: root }), { teamId: TEAM });
    expect(lost.status).toBe(200);
    await until(() => privately().some((e) => e.text?.includes('not saved')), 15_000, 'the private "not saved" note');
    expect(privately().map((e) => e.text)).toEqual([NOT_SAVED]);
    expect(privately()[0]!.thread_ts).toBe(root);
    expect(replies()).toHaveLength(1);

    await proxy.restore();
    const again = await postEvent(url, SECRET, messageEvent({ channel, user, team: TEAM, text: 'We need about 100M new links a month.', thread_ts: root }), { teamId: TEAM });
    expect(again.status).toBe(200);
    await until(() => replies().length >= 2, 20_000, 'the resent message answered');
    // Settled: exactly one answer to the one stored message; nothing else said in private.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(replies()).toHaveLength(2);
    expect(privately().map((e) => e.text)).toEqual([NOT_SAVED]);
    const session = await bolt.stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user });
    const transcript = await bolt.stack.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM });
    expect(transcript.filter((m) => m.role === 'candidate').map((m) => m.content)).toEqual(['We need about 100M new links a month.']);
    expect(transcript.filter((m) => m.role !== 'candidate')).toHaveLength(2);
  }, 90_000);
});
