import { ChatPorts } from '../../src/chat/chat-port.js';
import { ChatRouter } from '../../src/chat/chat-router.js';
import { CommunicationManager } from '../../src/communication/communication-manager.js';
import { systemClock } from '../../src/domain/ports.js';
import { registerEvaluationJob } from '../../src/evaluation/evaluation-job.js';
import { EvaluationManager } from '../../src/evaluation/evaluation-manager.js';
import { EvaluationPoster } from '../../src/evaluation/evaluation-poster.js';
import { OfflineScorer } from '../../src/evaluation/offline/offline-scorer.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { OfflineInterviewer } from '../../src/interviewer/offline/offline-interviewer.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { SessionManager } from '../../src/session/session-manager.js';
import { DataStore } from '../../src/storage/data-store.js';
import type { DatabaseHandle } from '../../src/storage/database.js';

/** The real core behind the chat adapters (offline interviewer and scorer, in-process jobs) on a test database. */
export function buildChatStack(handle: DatabaseHandle, chat: ChatPorts, logger: Logger, metrics?: AppMetrics) {
  const store = new DataStore(handle.db);
  const catalog = new TopicCatalog();
  const queue = new InProcessJobQueue(logger);
  const evaluations = new EvaluationManager(store, new OfflineScorer(catalog), systemClock, logger);
  const sessions = new SessionManager({
    dataStore: store,
    aiInterviewer: new OfflineInterviewer(catalog),
    evaluationManager: evaluations,
    communicationManager: new CommunicationManager(),
    jobQueue: queue,
    logger,
    options: { maxMessageChars: 60_000 },
  });
  registerEvaluationJob(queue, evaluations, new EvaluationPoster(store, chat, systemClock, logger), (outcome) => metrics?.evaluations.inc({ outcome }));
  const router = new ChatRouter({ sessions, catalog, chat, store, clock: systemClock, logger, defaults: { aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45 } });
  return { store, catalog, queue, sessions, router, close: () => queue.close(3_000) };
}
