import { InterviewPlatformError } from '../domain/errors.js';

/**
 * Keyset cursor for history pages, opaque to callers: the (created_at, id) of a row shown and
 * which way to page from it, 'older' (the rows after it, newest first) or 'newer' (the rows
 * before it). created_at is always written from a JS Date, so milliseconds are exact.
 */
export interface HistoryCursor {
  createdAt: Date;
  id: string;
  direction: 'older' | 'newer';
}

// 23 bytes, 31 base64url characters: short enough for a Discord custom_id (100 characters, the
// action id and the page number included). Byte 0 is the direction (and a format version);
// bytes 1-6 created_at in ms (signed 48 bits); bytes 7-22 the uuid.
const DIRECTION_BYTE = { older: 1, newer: 2 } as const;
const BYTES = 23;
const ENCODED = /^[A-Za-z0-9_-]{31}$/;

export function encodeCursor(cursor: HistoryCursor): string {
  const bytes = Buffer.alloc(BYTES);
  bytes.writeUInt8(DIRECTION_BYTE[cursor.direction], 0);
  bytes.writeIntBE(cursor.createdAt.getTime(), 1, 6);
  Buffer.from(cursor.id.replace(/-/g, ''), 'hex').copy(bytes, 7);
  return bytes.toString('base64url');
}

export function decodeCursor(value: string): HistoryCursor {
  // Buffer.from skips characters that are not base64url, so the shape is checked first.
  const bytes = ENCODED.test(value) ? Buffer.from(value, 'base64url') : Buffer.alloc(0);
  const direction = bytes.length === BYTES ? (['older', 'newer'] as const).find((d) => DIRECTION_BYTE[d] === bytes[0]) : undefined;
  if (!direction) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Malformed history cursor', {
      userMessage: 'That history page link is not valid any more; open history again.',
    });
  }
  const hex = bytes.subarray(7).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { createdAt: new Date(bytes.readIntBE(1, 6)), id, direction };
}
