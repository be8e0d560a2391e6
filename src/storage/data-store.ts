import type { Kysely } from 'kysely';
import { EvaluationRepository } from './evaluation-repository.js';
import { MessageRepository } from './message-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { ProcessedEventRepository } from './processed-event-repository.js';
import type { Database } from './schema.js';
import { SessionRepository } from './session-repository.js';
import { TransitionRepository } from './transition-repository.js';
import { UserRepository } from './user-repository.js';

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

  constructor(private readonly db: Kysely<Database>) {
    this.sessions = new SessionRepository(db);
    this.messages = new MessageRepository(db);
    this.transitions = new TransitionRepository(db);
    this.evaluations = new EvaluationRepository(db);
    this.outbox = new OutboxRepository(db);
    this.users = new UserRepository(db);
    this.processedEvents = new ProcessedEventRepository(db);
  }

  async transaction<T>(fn: (tx: DataStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new DataStore(trx)));
  }
}
