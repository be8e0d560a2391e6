import type { Logger } from '../logging/logger.js';
import { toStorageError } from '../storage/storage-error.js';
import { isSessionId, sessionNotFound } from './session-errors.js';

const SERIOUS = new Set(['COMPONENT_FAILURE', 'STORAGE_FAILURE', 'TIMEOUT']);

/**
 * Runs one public SessionManager operation: an id that cannot be a session is "not found",
 * unexpected errors become platform errors, and every error is logged once with its stack
 * (error level for failures of the system, warn for refusals of the user's request).
 */
export async function runOperation<T>(log: Logger, operation: string, sessionId: string | null, fn: () => Promise<T>): Promise<T> {
  try {
    if (sessionId !== null && !isSessionId(sessionId)) throw sessionNotFound(sessionId);
    return await fn();
  } catch (raw) {
    const error = toStorageError(raw, operation, sessionId ? { session_id: sessionId } : {});
    const entry = { operation, session_id: sessionId, metadata: { code: error.code, ...error.context }, error };
    if (SERIOUS.has(error.code)) log.error(entry, error.message);
    else log.warn(entry, error.message);
    throw error;
  }
}
