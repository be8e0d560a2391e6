import type { Clock } from '../../src/domain/ports.js';

/** A clock the test moves by hand, so durations are exact. */
export class TestClock implements Clock {
  private current: number;

  constructor(start = Date.parse('2026-01-15T10:00:00.000Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
