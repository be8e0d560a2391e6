export type TimerKind = 'halfway' | 'ten-left' | 'two-left' | 'auto-end';

export interface TimerPoint {
  kind: TimerKind;
  /** Interview minutes left when it fires. */
  minutesLeft: number;
}

/**
 * When to warn and when to end, for a session of the given length. Short sessions get fewer
 * warnings: a 10-minute warning in a 15-minute interview would land right after the halfway one.
 */
export function timerPlan(durationMinutes: number): TimerPoint[] {
  const points: TimerPoint[] = [{ kind: 'halfway', minutesLeft: durationMinutes / 2 }];
  if (durationMinutes >= 25) points.push({ kind: 'ten-left', minutesLeft: 10 });
  if (durationMinutes >= 8) points.push({ kind: 'two-left', minutesLeft: 2 });
  points.push({ kind: 'auto-end', minutesLeft: 0 });
  return points;
}

export function timerNotice(kind: TimerKind, durationMinutes: number): string {
  switch (kind) {
    case 'halfway':
      return `Halfway there: about ${Math.round(durationMinutes / 2)} minutes left.`;
    case 'ten-left':
      return '10 minutes left. Make sure the deep dive gets its time.';
    case 'two-left':
      return '2 minutes left. Time to wrap up.';
    case 'auto-end':
      return "Time's up. The interview has ended; your evaluation will be posted here shortly.";
  }
}

export function timerJobId(sessionId: string, generation: number, kind: TimerKind): string {
  return `timer-${sessionId}-g${generation}-${kind}`;
}
