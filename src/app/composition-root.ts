import { ChatPorts } from '../chat/chat-port.js';
import { ChatRouter } from '../chat/chat-router.js';
import { registerMaintenanceJob, scheduleMaintenance } from '../chat/maintenance-job.js';
import { CommunicationManager } from '../communication/communication-manager.js';
import type { AppConfig } from '../config/config.js';
import { registerDeliveryJob } from '../delivery/delivery-job.js';
import { DeliveryWorker } from '../delivery/delivery-worker.js';
import { systemClock, type Clock, type CommunicationManagerPort, type JobQueue } from '../domain/ports.js';
import { registerEvaluationJob } from '../evaluation/evaluation-job.js';
import { EvaluationManager } from '../evaluation/evaluation-manager.js';
import { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Logger } from '../logging/logger.js';
import type { AppMetrics } from '../observability/metrics.js';
import { InboundLoad } from '../queue/inbound-load.js';
import { PendingSweep } from '../queue/pending-sweep.js';
import { SessionWork, type JobRetry } from '../queue/session-work.js';
import { SessionManager, type SessionManagerOptions } from '../session/session-manager.js';
import type { DataStore } from '../storage/data-store.js';
import { ProgressService } from '../progress/progress-service.js';
import { ForgetMe } from '../privacy/forget-me.js';
import { ProfileService } from '../profiles/profile-service.js';
import { ScheduleReconciler } from '../timers/schedule-reconciler.js';
import { ResumeGuardedInterviewer } from '../privacy/resume-guard.js';
import { ScheduleService } from '../schedules/schedule-service.js';
import { registerPracticePromptJob } from '../schedules/practice-prompt-job.js';
import { registerShareJob } from '../export/share-job.js';
import { registerTimerJobs } from '../timers/timer-jobs.js';
import { registerTurnJob } from '../turns/turn-job.js';
import { TurnWorker } from '../turns/turn-worker.js';
import { createAiProviders, type AiProviders } from './ai-providers.js';
import { openInfrastructure, type Infrastructure } from './infrastructure.js';

export type Role = 'all' | 'bot' | 'worker';

/** What the application is built from: storage, queue, AI and chat ports, chosen by the caller. */
export interface AppParts {
  store: DataStore;
  queue: JobQueue;
  /** An in-process queue reaches no other process, so a bot on one runs the workers too. */
  queueKind: 'bullmq' | 'in-process';
  ai: AiProviders;
  catalog: TopicCatalog;
  chat: ChatPorts;
  logger: Logger;
  clock?: Clock;
  metrics?: AppMetrics;
  communication?: CommunicationManagerPort;
}

export interface AppSettings {
  role: Role;
  defaultDurationMinutes: number;
  maxMessageChars: number;
  /** Session turn and delivery leases; a crashed worker frees a session after this long. */
  turnLeaseMs: number;
  timerMinuteMs: number;
  sweepIntervalMs: number;
  /** How often timers and schedules are put back in the queue if missing (default 60 s). */
  reconcileIntervalMs?: number;
  deliveryAttempts: number;
  session?: Partial<SessionManagerOptions>;
  /** Job retry settings (defaults: turns 3 attempts from 2 s, deliveries 10 from 1 s); tests shorten them. */
  retry?: { turn?: JobRetry; delivery?: JobRetry };
}

/** The wired core: what adapters, the CLI and tests talk to. */
export interface Core {
  sessions: SessionManager;
  evaluations: EvaluationManager;
  router: ChatRouter;
  turns: TurnWorker;
  deliveries: DeliveryWorker;
  sweep: PendingSweep;
  /** Practice schedules (`/interview schedule`), reconciled with the queue by the reconciler. */
  schedules: ScheduleService;
  /** True when this process runs the queue workers. */
  runsWorkers: boolean;
  /** Stops the sweep and waits for enqueues under way (the caller closes queue and storage). */
  close(): Promise<void>;
}

/**
 * The one place that wires the application, from parts the caller chose (main from config,
 * tests from their fakes). Workers (turns, deliveries, evaluations, timers, the sweep) run
 * unless the role is `bot`; a bot on the in-process queue runs them anyway, since no other
 * process could reach its jobs.
 */
export async function createCore(parts: AppParts, settings: AppSettings): Promise<Core> {
  const { store, queue, logger, chat, ai, catalog, metrics } = parts;
  const clock = parts.clock ?? systemClock;
  const inbound = new InboundLoad();
  const work = new SessionWork(queue, logger, settings.retry, inbound);
  const evaluations = new EvaluationManager(store, ai.scorer, clock, logger);
  // Whatever the interviewer (an LLM above all) writes is posted in a thread: resume text is cut out first.
  const interviewer = new ResumeGuardedInterviewer(ai.interviewer);
  const sessions = new SessionManager({
    dataStore: store,
    aiInterviewer: interviewer,
    evaluationManager: evaluations,
    communicationManager: parts.communication ?? new CommunicationManager(),
    jobQueue: queue,
    logger,
    clock,
    work,
    options: { maxMessageChars: settings.maxMessageChars, ...settings.session },
  });
  const deliveries = new DeliveryWorker({ store, chat, work, clock, logger, metrics, leaseMs: settings.turnLeaseMs, maxAttempts: settings.deliveryAttempts });
  const turns = new TurnWorker({ store, work, interviewer, chat, deliveries, clock, logger, metrics, leaseMs: settings.turnLeaseMs, transcriber: ai.transcriber });
  const sweep = new PendingSweep(store, work, sessions.outbox, clock, logger, { intervalMs: settings.sweepIntervalMs, graceMs: Math.min(3_000, settings.sweepIntervalMs) });
  const schedules = new ScheduleService(store, queue, clock, logger);
  const router = new ChatRouter({
    team: { settings: store.channelSettings, schedules, clock },
    sessions,
    catalog,
    chat,
    logger,
    defaults: { aiProvider: ai.kind, aiModel: ai.model, durationMinutes: settings.defaultDurationMinutes },
    progress: new ProgressService(store.progress, catalog, clock),
    voice: ai.voice,
    forgetMe: new ForgetMe(store, logger, chat),
    templates: store.templates,
    profiles: new ProfileService(store, clock),
    inbound,
  });
  const runsWorkers = settings.role !== 'bot' || parts.queueKind === 'in-process';
  const reconcileSchedules = async () => {
    await scheduleMaintenance(queue);
    // Every active practice schedule has its scheduler, cancelled ones none.
    await schedules.reconcile();
  };
  const reconciler = new ScheduleReconciler(store, queue, reconcileSchedules, logger, settings.reconcileIntervalMs ?? 60_000);
  if (settings.role === 'bot' && runsWorkers) logger.warn({ operation: 'startup' }, 'No REDIS_URL: the bot runs its job workers in-process');
  if (runsWorkers) {
    registerTurnJob(queue, turns);
    registerDeliveryJob(queue, deliveries);
    registerEvaluationJob(queue, evaluations, sessions, (outcome) => metrics?.evaluations.inc({ outcome }));
    registerTimerJobs(queue, { store, sessions, clock, logger, minuteMs: settings.timerMinuteMs });
    registerMaintenanceJob(queue, store, clock, logger);
    registerPracticePromptJob({ store, queue, chat, catalog, clock, logger });
    registerShareJob(queue, { store, chat, logger });
    // Timers and schedules in the background (start-up does not wait on per-session work), then
    // every reconcile interval (a Redis that lost them is repaired).
    reconciler.start();
    // An in-process queue starts empty: an evaluation a previous process took but did not finish
    // (it quit, was skipped or crashed) is promised again, and this sweep sends it.
    if (parts.queueKind === 'in-process') await store.outbox.reopenUnfinishedEvaluations().catch((error: unknown) => logger.warn({ operation: 'sweep', error }, 'Could not reopen unfinished evaluations'));
    // Work left by a crash or a queue outage goes out now, then on every sweep.
    await sweep.sweep().catch((error: unknown) => logger.warn({ operation: 'sweep', error }, 'Initial sweep failed'));
    sweep.start();
  }
  return {
    sessions,
    evaluations,
    router,
    turns,
    deliveries,
    sweep,
    schedules,
    runsWorkers,
    async close() {
      await sweep.stop();
      await reconciler.stop();
      await work.settle();
    },
  };
}

export interface App extends Core {
  config: AppConfig;
  logger: Logger;
  infrastructure: Infrastructure;
  catalog: TopicCatalog;
  ai: AiProviders;
  chat: ChatPorts;
  /** `drainMs` bounds the wait for running jobs (default SHUTDOWN_TIMEOUT_MS). */
  close(drainMs?: number): Promise<void>;
}

/** The core's settings as configured (environment variables, see config.ts). */
export function appSettings(config: AppConfig, role: Role): AppSettings {
  const { session } = config;
  return {
    role,
    defaultDurationMinutes: session.defaultDurationMinutes,
    maxMessageChars: session.maxMessageChars,
    turnLeaseMs: session.turnLeaseMs,
    timerMinuteMs: session.timerMinuteMs,
    sweepIntervalMs: session.sweepIntervalMs,
    reconcileIntervalMs: session.reconcileIntervalMs,
    deliveryAttempts: session.deliveryAttempts,
  };
}

/** `main`'s front door: storage, queue and AI from config, then the core on them. */
export async function composeApp(
  config: AppConfig,
  logger: Logger,
  options: { role?: Role; clock?: Clock; chat?: ChatPorts; metrics?: AppMetrics } = {},
): Promise<App> {
  const role = options.role ?? 'all';
  const chat = options.chat ?? new ChatPorts();
  const infrastructure = await openInfrastructure(config, logger);
  const catalog = new TopicCatalog();
  const ai = await createAiProviders(config, catalog, logger);
  const core = await createCore(
    { store: infrastructure.store, queue: infrastructure.queue, queueKind: infrastructure.queueKind, ai, catalog, chat, logger, clock: options.clock, metrics: options.metrics },
    appSettings(config, role),
  );
  logger.info(
    { operation: 'startup', metadata: { role, workers: core.runsWorkers, ai: ai.kind, model: ai.model, database: infrastructure.database.kind, queue: infrastructure.queueKind } },
    'Application composed',
  );
  return {
    ...core,
    config,
    logger,
    infrastructure,
    catalog,
    ai,
    chat,
    // `drainMs`: how long running jobs may finish (a user who skipped the wait: none; they are run again at the next start).
    async close(drainMs?: number) {
      await core.close();
      await infrastructure.close(drainMs);
    },
  };
}
