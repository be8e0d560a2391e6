// A queue worker in its own process, for crash tests: the real core (createCore) on real
// BullMQ and Postgres, with a scorer and interviewer whose speed the test sets. Posts go to
// the Slack fake through the real Slack chat port when SLACK_API_URL is set, else to a sink.
//
// CRASH_STAGE stops a turn at one point so the test can SIGKILL the process there:
//   after-store  stores the reply (with its delivery), prints `stored <seq>` (the answered
//                candidate message), then waits CRASH_HOLD_MS before the turn worker goes on
//                to post it.
import { createSlackPort } from '../../adapters/slack/slack-app.js';
import { createCore } from '../../src/app/composition-root.js';
import { ChatPorts, type ChatPort } from '../../src/chat/chat-port.js';
import type { ScoredEvaluation } from '../../src/domain/types.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { env, openProcessInfra, processSettings } from './process-infra.js';
import { EchoInterviewer } from './in-test-ports.js';

const { logger, database, store, queue } = await openProcessInfra('WORKER_LOG_LEVEL');
const scoreDelayMs = Number(env('SCORE_DELAY_MS', '0'));

// Test instrumentation from the outside: the turn worker calls this very method on this object.
const crashStage = process.env.CRASH_STAGE ?? '';
const crashHoldMs = Number(env('CRASH_HOLD_MS', '30000'));
if (crashStage === 'after-store') {
  const turns = store.turns;
  const storeReply = turns.storeReply.bind(turns);
  turns.storeReply = async (...args) => {
    const stored = await storeReply(...args);
    if (stored) {
      console.log(`stored ${args[2]}`);
      await new Promise((r) => setTimeout(r, crashHoldMs));
    }
    return stored;
  };
}

const scorer = {
  async score(session: { id: string }): Promise<ScoredEvaluation> {
    console.log(`scoring ${session.id}`);
    await new Promise((r) => setTimeout(r, scoreDelayMs));
    return { status: 'completed', overallScore: 55, band: 'lean_no_hire', dimensions: [], strengths: ['s'], improvements: ['i'], summary: `scored by ${process.pid}` };
  },
};
// Says when it starts thinking, so a test can kill the process in the middle of a turn.
class AnnouncingInterviewer extends EchoInterviewer {
  override async reply(...args: Parameters<EchoInterviewer['reply']>) {
    console.log(`thinking ${args[1].messages.at(-1)?.seq}`);
    return super.reply(...args);
  }
}
const interviewer = new AnnouncingInterviewer();
interviewer.replyDelayMs = Number(env('REPLY_DELAY_MS', '0'));

const unused = async (): Promise<never> => {
  throw new Error('the crash-test worker only posts in threads');
};
const sink: ChatPort = {
  canEdit: false,
  progress: 'typing',
  openThread: unused,
  update: unused,
  notifyPrivately: unused,
  uploadFile: unused,
  showTyping: unused,
  async postInThread(target, message, options) {
    // The ChatPort promise: after an unknown outcome, look for the post before sending it again.
    if (options?.reconcile && options.idempotencyKey) {
      const found = (await (await fetch(`${env('SINK_URL')}/posts?key=${encodeURIComponent(options.idempotencyKey)}`)).json()) as { messageId?: string };
      if (found.messageId) return { messageId: found.messageId };
    }
    const res = await fetch(`${env('SINK_URL')}/posts`, {
      method: 'POST',
      body: JSON.stringify({ threadId: target.threadId, kind: message.kind, idempotencyKey: options?.idempotencyKey }),
    });
    if (!res.ok) throw new Error(`sink answered ${res.status}`);
    return (await res.json()) as { messageId: string };
  },
};
const slackApiUrl = process.env.SLACK_API_URL;
const port = slackApiUrl ? createSlackPort({ botToken: 'xoxb-test', apiUrl: slackApiUrl, timeoutMs: 2_000 }, logger) : sink;
const core = await createCore(
  { store, queue, queueKind: 'bullmq', ai: { kind: 'offline', model: 'echo', interviewer, scorer }, catalog: new TopicCatalog(), chat: new ChatPorts().register('slack', port), logger },
  processSettings('worker'),
);
console.log('ready');

process.once('SIGTERM', async () => {
  await core.close();
  await queue.close(2_000);
  await database.close();
  process.exit(0);
});
