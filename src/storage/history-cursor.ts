import { InterviewPlatformError } from '../domain/errors.js';

// Keyset cursor for history pages: the (created_at, id) of the last row shown, opaque to callers.
export interface HistoryCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id })).toString('base64url');
}

export function decodeCursor(value: string): HistoryCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const createdAt = new Date(String(parsed.t));
    if (typeof parsed.id !== 'string' || Number.isNaN(createdAt.getTime())) throw new Error('bad cursor fields');
    return { createdAt, id: parsed.id };
  } catch (error) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Malformed history cursor', {
      cause: error,
      userMessage: 'That history page link is not valid any more; open history again.',
    });
  }
}
