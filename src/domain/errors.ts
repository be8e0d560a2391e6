// One error type for the whole platform. `code` is machine-readable (adapters map it to a
// private message for the user); `userMessage` is safe to show; `context` goes to the logs.

export const ERROR_CODES = [
  'SESSION_NOT_FOUND',
  'INVALID_TRANSITION',
  'SESSION_NOT_ACTIVE',
  'FORBIDDEN',
  'INVALID_INPUT',
  'CONFLICT',
  'COMPONENT_FAILURE',
  'STORAGE_FAILURE',
  'RATE_LIMITED',
  'TIMEOUT',
  'CONFIG_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  userMessage?: string;
  context?: Record<string, unknown>;
  cause?: unknown;
}

export class InterviewPlatformError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'InterviewPlatformError';
    this.code = code;
    this.userMessage = details.userMessage ?? message;
    this.context = details.context ?? {};
  }
}

export function isPlatformError(error: unknown, code?: ErrorCode): error is InterviewPlatformError {
  return error instanceof InterviewPlatformError && (code === undefined || error.code === code);
}

/**
 * Thrown by a job that should run again later. `retryAfterMs` (a platform's Retry-After)
 * replaces the queue's exponential backoff for the next attempt; both queue drivers honour it.
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetryLater';
  }
}

/** The delay a failed job asked for, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof RetryLater && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}
