// A Slack bot in its own process, for crash tests: what `npm run bot` runs (role 'bot': Bolt's
// HTTP receiver, a BullMQ producer, no workers), built the way main builds it (createCore and
// startSlackAdapter) on real Postgres (TEST_SCHEMA) and BullMQ (QUEUE_PREFIX), its Web API
// calls going to the Slack fake at SLACK_API_URL. Prints `listening <port>` once Slack can reach it.
//
// CRASH_STAGE stops a thread message at one point so the test can SIGKILL the process there:
//   before-record  prints `receiving`, then waits CRASH_HOLD_MS before recording the message;
//   after-record   records it, prints `recorded <seq>`, then waits CRASH_HOLD_MS before the
//                  listener returns (so Slack has not heard 200 yet).
import { startSlackAdapter, createSlackPort } from '../../adapters/slack/slack-app.js';
import { createCore } from '../../src/app/composition-root.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { AppMetrics } from '../../src/observability/metrics.js';
import { env, openProcessInfra, processSettings } from './process-infra.js';
import { CountingScorer, EchoInterviewer } from './in-test-ports.js';

const { logger, database, store, queue } = await openProcessInfra('BOT_LOG_LEVEL');
const metrics = new AppMetrics();
const settings = { botToken: 'xoxb-test', signingSecret: env('SIGNING_SECRET'), apiUrl: env('SLACK_API_URL'), timeoutMs: 2_000 };
const port = createSlackPort(settings, logger);
const catalog = new TopicCatalog();
const core = await createCore(
  { store, queue, queueKind: 'bullmq', ai: { kind: 'offline', model: 'echo', interviewer: new EchoInterviewer(), scorer: new CountingScorer() }, catalog, chat: new ChatPorts().register('slack', port), logger, metrics },
  processSettings('bot'),
);
if (core.runsWorkers) throw new Error('the bot process must not run workers');

// Test instrumentation from the outside: the router calls this very method on this object.
const stage = process.env.CRASH_STAGE ?? '';
const holdMs = Number(env('CRASH_HOLD_MS', '30000'));
const hold = () => new Promise((r) => setTimeout(r, holdMs));
if (stage) {
  const sessions = core.sessions;
  const receive = sessions.receiveThreadMessage.bind(sessions);
  sessions.receiveThreadMessage = async (...args) => {
    if (stage === 'before-record') {
      console.log('receiving');
      await hold();
      return receive(...args);
    }
    const result = await receive(...args);
    if (stage === 'after-record') {
      console.log(`recorded ${result.kind === 'answer' ? result.recorded.message.seq : result.kind}`);
      await hold();
    }
    return result;
  };
}

const readiness = { ready: false };
const adapter = await startSlackAdapter(settings, { router: core.router, port, metrics, logger, readiness, httpPort: 0 });
readiness.ready = true;
console.log(`listening ${adapter.boundPort}`);

process.once('SIGTERM', async () => {
  await adapter.stop();
  await core.close();
  await queue.close(2_000);
  await database.close();
  process.exit(0);
});
