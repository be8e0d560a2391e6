import { ChatPorts } from '../chat/chat-port.js';
import { scheduleMaintenance } from '../chat/maintenance-job.js';
import { CommunicationManager } from '../communication/communication-manager.js';
import type { AppConfig } from '../config/config.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { registerEvaluationJob } from '../evaluation/evaluation-job.js';
import { EvaluationManager } from '../evaluation/evaluation-manager.js';
import { EvaluationPoster } from '../evaluation/evaluation-poster.js';
import { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Logger } from '../logging/logger.js';
import type { AppMetrics } from '../observability/metrics.js';
import { SessionManager } from '../session/session-manager.js';
import { registerTimerJobs } from '../timers/timer-jobs.js';
import { rearmRunningTimers } from '../timers/rearm-timers.js';
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
  chat: ChatPorts;
  /** True when this process runs the queue workers. */
  runsWorkers: boolean;
  close(): Promise<void>;
}

/**
 * The one place that wires the application: everything is built here from config and passed
 * down through constructors. Workers (evaluations, session timers, the outbox sweep) run unless
 * the role is `bot`; a bot without Redis runs them anyway, since no other process could.
 */
export async function composeApp(
  config: AppConfig,
  logger: Logger,
  options: { role?: Role; clock?: Clock; chat?: ChatPorts; metrics?: AppMetrics } = {},
): Promise<App> {
  const role = options.role ?? 'all';
  const clock = options.clock ?? systemClock;
  const chat = options.chat ?? new ChatPorts();
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
    options: { maxMessageChars: config.session.maxMessageChars, turnLeaseMs: config.session.turnLeaseMs },
  });
  const runsWorkers = role !== 'bot' || infrastructure.queueKind === 'in-process';
  if (role === 'bot' && runsWorkers) logger.warn({ operation: 'startup' }, 'No REDIS_URL: the bot runs its job workers in-process');
  if (runsWorkers) {
    const poster = new EvaluationPoster(infrastructure.store, chat, clock, logger);
    registerEvaluationJob(infrastructure.queue, evaluations, poster, (outcome) => options.metrics?.evaluations.inc({ outcome }));
    registerTimerJobs(infrastructure.queue, { store: infrastructure.store, sessions, poster, clock, logger, minuteMs: config.session.timerMinuteMs });
    await rearmRunningTimers(infrastructure.store, infrastructure.queue).catch((error: unknown) =>
      logger.warn({ operation: 'rearm_timers', error }, 'Could not re-arm session timers at start-up'),
    );
    await scheduleMaintenance(infrastructure.queue, infrastructure.store, clock, logger).catch((error: unknown) =>
      logger.warn({ operation: 'schedule_maintenance', error }, 'Could not schedule maintenance; will retry at next start'),
    );
    // Promises left by a crash or a queue outage go out now, then on every sweep.
    await sessions.outbox.dispatchPending().catch((error: unknown) => logger.warn({ operation: 'outbox_sweep', error }, 'Initial outbox sweep failed'));
    sessions.outbox.start(5_000);
  }
  logger.info(
    { operation: 'startup', metadata: { role, workers: runsWorkers, ai: ai.kind, model: ai.model, database: infrastructure.database.kind, queue: infrastructure.queueKind } },
    'Application composed',
  );
  return {
    config,
    logger,
    infrastructure,
    catalog,
    ai,
    sessions,
    evaluations,
    chat,
    runsWorkers,
    async close() {
      sessions.outbox.stop();
      await infrastructure.close();
    },
  };
}
