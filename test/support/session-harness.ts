import { CommunicationManager } from '../../src/communication/communication-manager.js';
import type { Clock, CommunicationManagerPort, JobQueue } from '../../src/domain/ports.js';
import type { Actor, SessionConfig, SessionOwner } from '../../src/domain/types.js';
import { registerEvaluationJob } from '../../src/evaluation/evaluation-job.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { EvaluationManager } from '../../src/evaluation/evaluation-manager.js';
import { EvaluationPoster } from '../../src/evaluation/evaluation-poster.js';
import { registerTimerJobs } from '../../src/timers/timer-jobs.js';
import { RecordingChatPort } from './recording-chat-port.js';
import type { Logger } from '../../src/logging/logger.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { SessionManager, type SessionManagerOptions } from '../../src/session/session-manager.js';
import { DataStore } from '../../src/storage/data-store.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { CountingScorer, EchoInterviewer } from './in-test-ports.js';
import { memoryLogger } from './memory-log.js';
import { TestClock } from './test-clock.js';

export interface Harness {
  manager: SessionManager;
  store: DataStore;
  interviewer: EchoInterviewer;
  scorer: CountingScorer;
  communication: CommunicationManagerPort;
  queue: JobQueue;
  chat: RecordingChatPort;
  clock: TestClock;
  logs: ReturnType<typeof memoryLogger>;
  close(): Promise<void>;
}

/** A SessionManager wired as the composition root wires it, on the given database. */
export function buildHarness(
  handle: DatabaseHandle,
  overrides: {
    communication?: CommunicationManagerPort;
    clock?: TestClock;
    /** A real clock instead of the hand-moved one (timer tests run in real, scaled time). */
    realClock?: Clock;
    queue?: JobQueue;
    minuteMs?: number;
    /** false: only enqueue, as `npm run bot` does; another process works the queue. */
    workers?: boolean;
    options?: Partial<SessionManagerOptions>;
    logger?: Logger;
  } = {},
): Harness {
  const logs = memoryLogger();
  const logger = overrides.logger ?? logs.logger;
  const clock = overrides.clock ?? new TestClock();
  const store = new DataStore(handle.db);
  const interviewer = new EchoInterviewer();
  const scorer = new CountingScorer();
  const communication = overrides.communication ?? new CommunicationManager();
  const queue = overrides.queue ?? new InProcessJobQueue(logger);
  const time: Clock = overrides.realClock ?? clock;
  const evaluationManager = new EvaluationManager(store, scorer, time, logger);
  const chat = new RecordingChatPort();
  const chatPorts = new ChatPorts().register('slack', chat).register('discord', chat).register('console', chat);
  const poster = new EvaluationPoster(store, chatPorts, time, logger);
  if (overrides.workers !== false) registerEvaluationJob(queue, evaluationManager, poster);
  const manager = new SessionManager({
    dataStore: store,
    aiInterviewer: interviewer,
    evaluationManager,
    communicationManager: communication,
    jobQueue: queue,
    logger,
    clock: time,
    options: { evaluationPollMs: 10, evaluationJob: { attempts: 3, backoffMs: 5 }, ...overrides.options },
  });
  if (overrides.workers !== false) registerTimerJobs(queue, { store, sessions: manager, poster, clock: time, logger, minuteMs: overrides.minuteMs ?? 60_000 });
  return { manager, store, interviewer, scorer, communication, queue, chat, clock, logs, close: () => queue.close(3_000) };
}

let counter = 0;
export function uniqueWorkspace(prefix = 'T'): string {
  counter += 1;
  return `${prefix}${process.pid}${counter}`;
}

export function ownerIn(workspaceId: string, userId = 'U1', platform: SessionOwner['platform'] = 'slack'): SessionOwner & { userId: string } {
  return { platform, workspaceId, userId, displayName: `User ${userId}` };
}

export function actorFor(owner: SessionOwner & { userId: string }, kind: Actor['kind'] = 'user'): Actor {
  return { platform: owner.platform, workspaceId: owner.workspaceId, userId: owner.userId, kind };
}

export function config(overrides: Partial<SessionConfig> = {}): SessionConfig {
  return { enabledModes: ['text', 'whiteboard'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, topic: 'URL shortener', ...overrides };
}
