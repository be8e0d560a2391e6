import { InterviewPlatformError } from '../domain/errors.js';
import type { Actor } from '../domain/types.js';
import type { ChatPorts } from '../chat/chat-port.js';
import { componentLogger, type Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import type { ForgottenRows, PersonRef } from '../storage/privacy-repository.js';

/**
 * A chat port that keeps files outside the database for a person (the console writes charts under
 * `DATA_DIR/charts`) implements this: it deletes them and says how many. Slack and Discord keep
 * nothing of ours on disk; what was posted there is theirs to delete.
 */
export interface PersonalFiles {
  forgetPersonalFiles(person: PersonRef, sessionIds: readonly string[]): Promise<number>;
}

function personalFiles(port: unknown): PersonalFiles | undefined {
  return typeof (port as Partial<PersonalFiles> | undefined)?.forgetPersonalFiles === 'function' ? (port as PersonalFiles) : undefined;
}

export interface ForgetMeResult extends ForgottenRows {
  files: number;
}

/**
 * `/interview forget-me`: deletes one person's data (platform + workspace + user) in one
 * transaction: their `users` row (profile, resume text, leaderboard opt-out) and every session
 * they own, with its messages, state transitions, evaluation, deliveries and outbox rows (all
 * `on delete cascade`). Then the files the platform kept for them. An interview still running
 * is refused, not ended: ending it would promise an evaluation the deletion then takes away.
 */
export class ForgetMe {
  private readonly log: Logger;

  constructor(
    private readonly store: DataStore,
    logger: Logger,
    private readonly chat?: ChatPorts,
  ) {
    this.log = componentLogger(logger, 'ForgetMe');
  }

  async forget(actor: Actor): Promise<ForgetMeResult> {
    const person: PersonRef = { platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId };
    const rows = await this.store.transaction(async (tx) => {
      if ((await tx.privacy.liveSessionIds(person)).length) {
        throw new InterviewPlatformError('CONFLICT', 'forget-me refused: an interview is still running', {
          userMessage: 'You have an interview in progress. End it with `/interview end` first, then run `/interview forget-me` again; nothing was deleted.',
        });
      }
      return tx.privacy.forget(person);
    });
    let files = 0;
    try {
      files = (await personalFiles(this.chat?.for(person.platform))?.forgetPersonalFiles(person, rows.sessionIds)) ?? 0;
    } catch (error) {
      this.log.warn({ operation: 'forget_files', error }, 'Could not delete every file kept for a forgotten user');
    }
    // Counts only: no ids of the person are logged.
    this.log.info({ operation: 'forget_me', metadata: { platform: person.platform, sessions: rows.sessions, users: rows.users, files } }, 'Forgot a user');
    return { ...rows, files };
  }
}
