import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/storage/history-cursor.js';

describe('history cursor', () => {
  it('round-trips a row and a direction in 31 url-safe characters', () => {
    for (const cursor of [
      { createdAt: new Date('2025-06-01T12:34:56.789Z'), id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', direction: 'older' as const },
      { createdAt: new Date(0), id: '00000000-0000-0000-0000-000000000000', direction: 'newer' as const },
      { createdAt: new Date('1969-07-20T20:17:40Z'), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff', direction: 'older' as const },
    ]) {
      const encoded = encodeCursor(cursor);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]{31}$/);
      expect(decodeCursor(encoded)).toEqual(cursor);
    }
  });

  it('refuses anything it did not write, with a message for the user', () => {
    const good = encodeCursor({ createdAt: new Date(), id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', direction: 'older' });
    for (const value of ['', 'not-a-cursor', good.slice(1), `${good}A`, `${good.slice(0, 30)}=`, `B${good.slice(1)}`, 'A'.repeat(31), `${good.slice(0, 30)} `]) {
      expect(() => decodeCursor(value), value).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', userMessage: 'That history page link is not valid any more; open history again.' }));
    }
  });
});
