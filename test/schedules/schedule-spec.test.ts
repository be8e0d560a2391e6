import { describe, expect, it } from 'vitest';
import { canonicalZone, describeRun, nextRuns, parseScheduleSpec } from '../../src/schedules/schedule-spec.js';
import { TestClock } from '../support/test-clock.js';

describe('parseScheduleSpec', () => {
  it.each([
    ['weekdays 10:00 Europe/Berlin', '0 10 * * 1-5', 'Europe/Berlin', 'weekdays 10:00 Europe/Berlin'],
    ['mon,wed 09:30 UTC', '30 9 * * 1,3', 'UTC', 'mon,wed 09:30 UTC'],
    ['Wed,MON 9:30 utc', '30 9 * * 1,3', 'UTC', 'mon,wed 09:30 UTC'],
    ['daily 10:00 Europe/London', '0 10 * * *', 'Europe/London', 'daily 10:00 Europe/London'],
    ['weekly fri 16:00 America/New_York', '0 16 * * 5', 'America/New_York', 'weekly fri 16:00 America/New_York'],
    ['weekly Friday 16:00 america/new_york', '0 16 * * 5', 'America/New_York', 'weekly fri 16:00 America/New_York'],
    ['sun 00:05 Asia/Kolkata', '5 0 * * 0', 'Asia/Kolkata', 'sun 00:05 Asia/Kolkata'],
    ['  tue,thu   23:59   Australia/Sydney ', '59 23 * * 2,4', 'Australia/Sydney', 'tue,thu 23:59 Australia/Sydney'],
  ])('reads %j', (input, pattern, tz, text) => {
    expect(parseScheduleSpec(input)).toEqual({ ok: true, spec: { pattern, tz, text } });
  });

  it.each([
    ['', /Say when/],
    ['weekdays', /time is missing/],
    ['weekdays 25:00 Europe/Berlin', /not a time of day/],
    ['weekdays 10:60 Europe/Berlin', /not a time of day/],
    ['weekdays 10am Europe/Berlin', /not a time: use 24-hour/],
    ['weekdays 10:00', /time zone is missing/],
    ['weekdays 10:00 Mars/Olympus', /not a time zone I know/],
    ['weekdays 10:00 Europe/Berlin please', /Extra words/],
    ['someday 10:00 UTC', /not a day/],
    ['mon,funday 10:00 UTC', /`funday` is not a day/],
    ['weekly 16:00 UTC', /`weekly` takes one day/],
    ['weekdays 10:00 ../../etc/passwd', /not a time zone/],
  ])('refuses %j with an example', (input, problem) => {
    const result = parseScheduleSpec(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatch(problem);
    expect(result.problem).toContain('schedule weekdays 10:00 Europe/Berlin');
  });

  it('knows zones in any case and refuses made-up ones', () => {
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('Not/AZone')).toBeNull();
  });
});

describe('next runs across daylight-saving changes (Europe/Berlin)', () => {
  const weekdays = { pattern: '0 10 * * 1-5', tz: 'Europe/Berlin' };

  it('10:00 local is 09:00 UTC before the spring change and 08:00 UTC after it (2026-03-29)', () => {
    // A fake clock on the Friday before the change, after that day's run.
    const clock = new TestClock(Date.parse('2026-03-27T12:00:00Z'));
    const runs = nextRuns(weekdays, clock.now(), 3).map((d) => d.toISOString());
    // Saturday and Sunday (the change) are skipped; Monday 30 March is summer time.
    expect(runs).toEqual(['2026-03-30T08:00:00.000Z', '2026-03-31T08:00:00.000Z', '2026-04-01T08:00:00.000Z']);
    clock.advance(-3 * 24 * 3600_000); // Tuesday 24 March, winter time
    expect(nextRuns(weekdays, clock.now(), 1)[0]!.toISOString()).toBe('2026-03-25T09:00:00.000Z');
  });

  it('goes back to 09:00 UTC after the autumn change (2026-10-25)', () => {
    const clock = new TestClock(Date.parse('2026-10-23T09:00:00Z')); // Friday, after its 08:00 UTC run
    const runs = nextRuns(weekdays, clock.now(), 2).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-10-26T09:00:00.000Z', '2026-10-27T09:00:00.000Z']);
    expect(nextRuns(weekdays, new Date('2026-10-23T07:59:00Z'), 1)[0]!.toISOString()).toBe('2026-10-23T08:00:00.000Z');
  });

  it('a daily schedule keeps its local time through the change day itself', () => {
    const runs = nextRuns({ pattern: '0 10 * * *', tz: 'Europe/Berlin' }, new Date('2026-03-28T10:00:00Z'), 2).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });

  it('describes a run in the local zone and in UTC', () => {
    const text = describeRun(new Date('2026-03-30T08:00:00Z'), 'Europe/Berlin');
    expect(text).toContain('10:00');
    expect(text).toContain('30 Mar 2026');
    expect(text).toContain('(2026-03-30 08:00 UTC)');
  });
});
