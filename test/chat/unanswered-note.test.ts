import { describe, expect, it } from 'vitest';
import { unansweredNote } from '../../src/chat/views.js';

describe('the history line for interviews left out', () => {
  it('says apart the ones never answered and the ones cancelled because they could not start', () => {
    expect(unansweredNote({})).toBeNull();
    expect(unansweredNote({ unanswered: 1 })).toBe('1 interview never answered is not listed.');
    expect(unansweredNote({ unanswered: 3 })).toBe('3 interviews never answered are not listed.');
    expect(unansweredNote({ unanswered: 1, cancelled: 1 })).toBe('1 interview cancelled because it could not start is not listed.');
    expect(unansweredNote({ unanswered: 2, cancelled: 2 })).toBe('2 interviews cancelled because they could not start are not listed.');
    expect(unansweredNote({ unanswered: 3, cancelled: 1 })).toBe('2 interviews never answered and 1 cancelled because it could not start are not listed.');
  });
});
