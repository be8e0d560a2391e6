import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CommunicationMode, MessageRole, SessionRef, TranscriptMessage } from '../domain/types.js';
import { toMessage } from './row-mappers.js';
import { DeliveryRepository } from './delivery-repository.js';
import { EvaluationRepository } from './evaluation-repository.js';
import { LeaseRepository } from './lease-repository.js';
import { MessageRepository } from './message-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { ProcessedEventRepository } from './processed-event-repository.js';
import type { Database } from './schema.js';
import { SessionRepository } from './session-repository.js';
import { TransitionRepository } from './transition-repository.js';
import { TurnRepository } from './turn-repository.js';
import { UserRepository } from './user-repository.js';
import { ProgressRepository } from './progress-repository.js';
import { ChannelSettingsRepository } from './channel-settings-repository.js';
import { ScheduleRepository } from './schedule-repository.js';
import { PrivacyRepository } from './privacy-repository.js';
import { ProfileRepository } from './profile-repository.js';
import { TemplateRepository } from './template-repository.js';

export interface NewMessage {
  role: MessageRole;
  content: string;
  mode?: CommunicationMode;
  authorUserId?: string | null;
  platformMessageId?: string | null;
  replyToSeq?: number | null;
  metadata?: Record<string, unknown>;
}

/**
 * The spec's Data Store: one repository per table group, all bound to the same connection or
 * transaction. `transaction(fn)` hands fn a DataStore whose every repository is inside it.
 */
export class DataStore {
  readonly sessions: SessionRepository;
  readonly messages: MessageRepository;
  readonly transitions: TransitionRepository;
  readonly evaluations: EvaluationRepository;
  readonly outbox: OutboxRepository;
  readonly users: UserRepository;
  readonly processedEvents: ProcessedEventRepository;
  readonly turns: TurnRepository;
  readonly deliveries: DeliveryRepository;
  readonly leases: LeaseRepository;
  /** `/interview stats` and `leaderboard` (progress-repository.ts). */
  readonly progress: ProgressRepository;
  readonly channelSettings: ChannelSettingsRepository;
  readonly schedules: ScheduleRepository;
  /** `/interview forget-me` (privacy-repository.ts). */
  readonly privacy: PrivacyRepository;
  /** `/interview profile` (profile-repository.ts). */
  readonly profiles: ProfileRepository;
  /** `/interview template` (template-repository.ts). */
  readonly templates: TemplateRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.sessions = new SessionRepository(db);
    this.messages = new MessageRepository(db);
    this.transitions = new TransitionRepository(db);
    this.evaluations = new EvaluationRepository(db);
    this.outbox = new OutboxRepository(db);
    this.users = new UserRepository(db);
    this.processedEvents = new ProcessedEventRepository(db);
    this.turns = new TurnRepository(db);
    this.deliveries = new DeliveryRepository(db);
    this.leases = new LeaseRepository(db);
    this.progress = new ProgressRepository(db);
    this.channelSettings = new ChannelSettingsRepository(db);
    this.schedules = new ScheduleRepository(db);
    this.privacy = new PrivacyRepository(db);
    this.profiles = new ProfileRepository(db);
    this.templates = new TemplateRepository(db);
  }

  /** Rejects when the database does not answer; `/readyz` asks. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /**
   * Appends to a session's transcript at the next position. Call inside a transaction: the seq
   * comes from a row-locking UPDATE, so it is gap-free and never repeated.
   */
  async appendMessage(ref: SessionRef, message: NewMessage, at: Date): Promise<TranscriptMessage> {
    const seq = await this.sessions.allocateSeq(ref, { answered: message.role === 'candidate' });
    const row = await this.messages.insert({
      session_id: ref.sessionId,
      seq,
      role: message.role,
      mode: message.mode ?? 'text',
      content: message.content,
      author_user_id: message.authorUserId ?? null,
      platform_message_id: message.platformMessageId ?? null,
      reply_to_seq: message.replyToSeq ?? null,
      metadata: JSON.stringify(message.metadata ?? {}),
      created_at: at,
    });
    return toMessage(row);
  }

  async transaction<T>(fn: (tx: DataStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new DataStore(trx)));
  }
}
