import { CommunicationManager } from '../communication/communication-manager.js';
import type { AppConfig } from '../config/config.js';
import { EVALUATION_JOB, systemClock, type Clock } from '../domain/ports.js';
import { registerEvaluationJob } from '../evaluation/evaluation-job.js';
import { EvaluationManager } from '../evaluation/evaluation-manager.js';
import { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Logger } from '../logging/logger.js';
import { OutboxDispatcher } from '../queue/outbox-dispatcher.js';
import { SessionManager } from '../session/session-manager.js';
import { createAiProviders, type AiProviders } from './ai-providers.js';
import { openInfrastructure, type Infrastructure } from './infrastructure.js';

export type Role = 'all' | 'bot' | 'worker';

export interface App {
  config: AppConfig;
  logger: Logger;
  infrastructure: Infrastructure;
  catalog: TopicCatalog;
  ai: AiProviders;
  sessions: SessionManager;
  evaluations: EvaluationManager;
  outbox: OutboxDispatcher;
  close(): Promise<void>;
}

const EVALUATION_ATTEMPTS = { attempts: 5, backoffMs: 2_000 };

/**
 * The one place that wires the application: everything is built here from config and passed
 * down through constructors. Workers (the evaluation job, the outbox sweep) run unless the role
 * is `bot`, which only enqueues for workers elsewhere.
 */
export async function composeApp(config: AppConfig, logger: Logger, options: { role?: Role; clock?: Clock } = {}): Promise<App> {
  const role = options.role ?? 'all';
  const clock = options.clock ?? systemClock;
  const infrastructure = await openInfrastructure(config, logger);
  const catalog = new TopicCatalog();
  const ai = createAiProviders(config, catalog, logger);
  const evaluations = new EvaluationManager(infrastructure.store, ai.scorer, clock, logger);
  const sessions = new SessionManager({
    dataStore: infrastructure.store,
    aiInterviewer: ai.interviewer,
    evaluationManager: evaluations,
    communicationManager: new CommunicationManager(),
    jobQueue: infrastructure.queue,
    logger,
    clock,
    options: {
      maxMessageChars: config.session.maxMessageChars,
      turnLeaseMs: config.session.turnLeaseMs,
      evaluationJob: EVALUATION_ATTEMPTS,
    },
  });
  const outbox = new OutboxDispatcher(infrastructure.store, infrastructure.queue, clock, logger, { [EVALUATION_JOB]: EVALUATION_ATTEMPTS });
  if (role !== 'bot') {
    registerEvaluationJob(infrastructure.queue, evaluations);
    // Promises left by a crash or a queue outage go out now, then on every sweep.
    await outbox.dispatchPending().catch((error: unknown) => logger.warn({ operation: 'outbox_sweep', error }, 'Initial outbox sweep failed'));
    outbox.start(5_000);
  }
  logger.info({ operation: 'startup', metadata: { role, ai: ai.kind, model: ai.model, database: infrastructure.database.kind } }, 'Application composed');
  return {
    config,
    logger,
    infrastructure,
    catalog,
    ai,
    sessions,
    evaluations,
    outbox,
    async close() {
      outbox.stop();
      await infrastructure.close();
    },
  };
}
