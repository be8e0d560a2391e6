import { createSlackPort, startSlackAdapter } from '../../adapters/slack/slack-app.js';
import { createAiProviders } from '../../src/app/ai-providers.js';
import { createCore, type AppSettings } from '../../src/app/composition-root.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { loadConfig } from '../../src/config/config.js';
import { DELIVERY_JOB, EVALUATION_JOB, TURN_JOB } from '../../src/domain/ports.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import type { Logger } from '../../src/logging/logger.js';
import { AppMetrics } from '../../src/observability/metrics.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { DataStore } from '../../src/storage/data-store.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';

export interface SlackWithOpenAi {
  slack: SlackFake;
  core: Awaited<ReturnType<typeof createCore>>;
  store: DataStore;
  /** Where signed requests go. */
  url: string;
  close(): Promise<void>;
}

/**
 * The Slack adapter on the real core with the AI providers as configured (`openai`: the OPENAI_*
 * variables, pointing at the OpenAI-compatible fake), on the in-process queue. The twin of
 * slack-over-bolt.ts for tests of what the real OpenAI path does (voice, vision, resume guard).
 */
export async function startSlackWithOpenAi(
  handle: DatabaseHandle,
  options: { teamId: string; secret: string; logger: Logger; openai: Record<string, string>; retry?: AppSettings['retry'] },
): Promise<SlackWithOpenAi> {
  const { logger } = options;
  const slack = await startSlackFake({ teamId: options.teamId });
  const settings = { botToken: 'xoxb-test', signingSecret: options.secret, apiUrl: slack.apiUrl };
  const config = loadConfig({ ...options.openai, SLACK_BOT_TOKEN: settings.botToken, SLACK_SIGNING_SECRET: settings.signingSecret, SLACK_API_URL: settings.apiUrl });
  const catalog = new TopicCatalog();
  const ai = await createAiProviders(config, catalog, logger);
  const port = createSlackPort(settings, logger);
  const metrics = new AppMetrics();
  const store = new DataStore(handle.db);
  const queue = new InProcessJobQueue(logger, { concurrency: { [TURN_JOB]: 4, [DELIVERY_JOB]: 4, [EVALUATION_JOB]: 2 } });
  const core = await createCore(
    { store, queue, queueKind: 'in-process', ai, catalog, chat: new ChatPorts().register('slack', port), logger, metrics },
    { role: 'all', defaultDurationMinutes: 45, maxMessageChars: 60_000, turnLeaseMs: 5_000, timerMinuteMs: 60_000, sweepIntervalMs: 60_000, deliveryAttempts: 5, ...(options.retry ? { retry: options.retry } : {}) },
  );
  const adapter = await startSlackAdapter(settings, { router: core.router, port, metrics, logger, readiness: { ready: true }, httpPort: 0 });
  return {
    slack,
    core,
    store,
    url: `http://127.0.0.1:${adapter.boundPort}/slack/events`,
    async close() {
      await adapter.stop();
      await core.close();
      await queue.close(3_000);
      await slack.close();
    },
  };
}
