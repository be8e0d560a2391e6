import { describe, expect, it } from 'vitest';
import { nextStatus, type LifecycleAction } from '../../src/domain/lifecycle.js';
import type { SessionStatus } from '../../src/domain/types.js';

const table: [LifecycleAction, SessionStatus, SessionStatus | 'refused'][] = [
  ['start', 'created', 'active'],
  ['start', 'active', 'refused'],
  ['start', 'paused', 'refused'],
  ['start', 'completed', 'refused'],
  ['pause', 'active', 'paused'],
  ['pause', 'created', 'refused'],
  ['pause', 'paused', 'refused'],
  ['pause', 'completed', 'refused'],
  ['resume', 'paused', 'active'],
  ['resume', 'active', 'refused'],
  ['resume', 'created', 'refused'],
  ['resume', 'completed', 'refused'],
  ['end', 'created', 'completed'],
  ['end', 'active', 'completed'],
  ['end', 'paused', 'completed'],
  ['end', 'completed', 'refused'],
];

describe('nextStatus', () => {
  it.each(table)('%s from %s -> %s', (action, from, expected) => {
    if (expected === 'refused') {
      expect(() => nextStatus(action, from, 's1')).toThrowError(expect.objectContaining({ code: 'INVALID_TRANSITION', context: { session_id: 's1', action, status: from } }));
    } else {
      expect(nextStatus(action, from, 's1')).toBe(expected);
    }
  });
});
