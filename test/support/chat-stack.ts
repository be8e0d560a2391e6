import { createCore } from '../../src/app/composition-root.js';
import type { ChatPorts } from '../../src/chat/chat-port.js';
import { DELIVERY_JOB, TURN_JOB, type AiInterviewer } from '../../src/domain/ports.js';
import { OfflineScorer } from '../../src/evaluation/offline/offline-scorer.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { OfflineInterviewer } from '../../src/interviewer/offline/offline-interviewer.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { DataStore } from '../../src/storage/data-store.js';
import type { DatabaseHandle } from '../../src/storage/database.js';

/** The real core behind the chat adapters (offline interviewer and scorer, in-process jobs) on a test database. */
export async function buildChatStack(
  handle: DatabaseHandle,
  chat: ChatPorts,
  logger: Logger,
  metrics?: AppMetrics,
  settings: { sweepIntervalMs?: number; deliveryAttempts?: number; interviewer?: (catalog: TopicCatalog) => AiInterviewer; retryBackoffMs?: number } = {},
) {
  const store = new DataStore(handle.db);
  const catalog = new TopicCatalog();
  const queue = new InProcessJobQueue(logger, { concurrency: { [TURN_JOB]: 4, [DELIVERY_JOB]: 4 } });
  const core = await createCore(
    { store, queue, queueKind: 'in-process', ai: { kind: 'offline', model: 'offline', interviewer: settings.interviewer?.(catalog) ?? new OfflineInterviewer(catalog), scorer: new OfflineScorer(catalog) }, catalog, chat, logger, metrics },
    {
      role: 'all',
      defaultDurationMinutes: 45,
      maxMessageChars: 60_000,
      turnLeaseMs: 5_000,
      timerMinuteMs: 60_000,
      sweepIntervalMs: settings.sweepIntervalMs ?? 60_000,
      deliveryAttempts: settings.deliveryAttempts ?? 5,
      ...(settings.retryBackoffMs ? { retry: { turn: { attempts: 3, backoffMs: settings.retryBackoffMs }, delivery: { attempts: 10, backoffMs: settings.retryBackoffMs } } } : {}),
    },
  );
  return {
    ...core,
    store,
    catalog,
    queue,
    async close() {
      await core.close();
      await queue.close(3_000);
    },
  };
}
