import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSlashCommand } from '../fakes/slack-signed-request.js';
import type { SlackFailure, SlackFake } from '../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

// `/interview profile` on Slack opens a modal with the command's trigger_id, which expires 3 s
// after the command: a retry is pointless after that. Through Bolt and the real WebClient against
// the Slack fake: what the user is told privately when views.open is rate limited, fails, or
// does not answer (the WebClient's own timeout is 10 s).

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';

describe.each(storageBackends)('the Slack profile form when views.open fails, on $name', (backend) => {
  let db: TestDatabase;
  let bolt: SlackOverBolt;
  let slack: SlackFake;
  let url: string;
  const log = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, logger: log.logger });
    ({ slack, url } = bolt);
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  let n = 0;
  /** `/interview profile` with views.open failing once as given: the private reply, and how long it took. */
  async function profileWith(failure: SlackFailure): Promise<{ text: string; ms: number; calls: number }> {
    const id = `profile-${++n}`;
    const before = slack.callsOf('views.open').length;
    slack.failNext('views.open', failure);
    const started = Date.now();
    const response = await postSlashCommand(url, SECRET, { text: 'profile', team_id: TEAM, channel_id: `CPFF${n}`, user_id: 'U_JANE', response_url: slack.responseUrl(id) });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id), 8_000, 'private reply');
    const ms = Date.now() - started;
    const replies = slack.responses.filter((r) => r.id === id);
    expect(replies).toHaveLength(1);
    const body = replies[0]!.body as { response_type?: string; text?: string };
    expect(body.response_type).toBe('ephemeral');
    // `text` is the plain fallback of the blocks (code marks dropped).
    return { text: String(body.text), ms, calls: slack.callsOf('views.open').length - before };
  }

  it('views.open answering 429: told privately that Slack is rate limiting, to wait Retry-After and run the command again; not retried', async () => {
    const { text, calls } = await profileWith({ error: 'ratelimited', retryAfter: 7 });
    expect(text).toContain('Slack is rate limiting this app right now, so your profile form did not open.');
    expect(text).toContain('Wait 7 seconds, then run /interview profile again.');
    expect(calls).toBe(1);
    // No modal was opened, nothing else was posted anywhere.
    expect(slack.ephemerals).toEqual([]);
  });

  it('views.open never answering: told within the trigger_id\'s life (not at the 10 s client timeout), without claiming it failed', async () => {
    const { text, ms, calls } = await profileWith({ error: 'request_timeout', delayMs: 12_000, applied: true });
    // The modal may well be open (Slack carried the call out): the reply says only what is known.
    expect(text).toContain('Slack did not confirm that your profile form opened. If you do not see it, run /interview profile again');
    expect(text).toContain('within 3 seconds');
    expect(text).not.toContain('did not open');
    expect(ms).toBeLessThan(6_000);
    expect(calls).toBe(1);
  });

  it('views.open answering 500: the same honest reply; a refusal (expired trigger) says it could not open', async () => {
    const failed = await profileWith({ error: 'internal_error', status: 500 });
    expect(failed.text).toContain('Slack did not confirm that your profile form opened');
    const refused = await profileWith({ error: 'expired_trigger_id' });
    expect(refused.text).toBe('⚠️ I could not open your profile form just now. Run /interview profile again.');
  });
});
