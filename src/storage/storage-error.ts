import { InterviewPlatformError } from '../domain/errors.js';

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

/** Turns a driver error into the platform's error; platform errors pass through unchanged. */
export function toStorageError(error: unknown, operation: string, context: Record<string, unknown> = {}): InterviewPlatformError {
  if (error instanceof InterviewPlatformError) return error;
  if (isUniqueViolation(error)) {
    return new InterviewPlatformError('CONFLICT', `${operation}: conflicting row`, { cause: error, context });
  }
  return new InterviewPlatformError('STORAGE_FAILURE', `${operation}: database operation failed`, {
    cause: error,
    context,
    userMessage: 'The interview store is unavailable right now, so that was not done; please try again in a moment.',
  });
}
