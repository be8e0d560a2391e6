import parser from 'cron-parser';

// `/interview schedule <when> <HH:MM> <zone>` read into a cron pattern and an IANA time zone,
// and the next runs of one computed in that zone (daylight-saving changes included: the local
// time stays, the UTC time moves).

export interface ScheduleSpec {
  /** The schedule as the user should read it back: `weekdays 10:00 Europe/Berlin`. */
  text: string;
  /** Five-field cron pattern (minute hour day-of-month month day-of-week). */
  pattern: string;
  /** Canonical IANA zone name. */
  tz: string;
}

export type ScheduleSpecResult = { ok: true; spec: ScheduleSpec } | { ok: false; problem: string };

export const SCHEDULE_EXAMPLES = '`schedule weekdays 10:00 Europe/Berlin`, `schedule mon,wed 09:30 UTC`, `schedule daily 10:00 Europe/London` or `schedule weekly fri 16:00 America/New_York`';

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const TIME = /^(\d{1,2}):(\d{2})$/;

const refuse = (problem: string): ScheduleSpecResult => ({ ok: false, problem: `${problem} For example ${SCHEDULE_EXAMPLES}.` });

/** Parses `weekdays 10:00 Europe/Berlin`, `mon,wed 09:30 UTC`, `daily 10:00 Europe/London`, `weekly fri 16:00 America/New_York`. */
export function parseScheduleSpec(input: string): ScheduleSpecResult {
  const words = input.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return refuse('Say when: which days, a time and a time zone.');
  let daysWord = words.shift()!.toLowerCase();
  let days: string;
  let daysText: string;
  if (daysWord === 'weekly') {
    const day = words.shift()?.toLowerCase();
    if (day === undefined || !Object.hasOwn(DAYS, day)) return refuse('`weekly` takes one day, like `weekly fri 16:00 America/New_York`.');
    days = String(DAYS[day]);
    daysText = `weekly ${DAY_NAMES[DAYS[day]!]}`;
  } else if (daysWord === 'weekdays') {
    days = '1-5';
    daysText = 'weekdays';
  } else if (daysWord === 'daily' || daysWord === 'every-day') {
    days = '*';
    daysText = 'daily';
  } else {
    daysWord = daysWord.replace(/,+$/, '');
    const list = daysWord.split(',').filter(Boolean);
    const unknown = list.find((d) => !Object.hasOwn(DAYS, d));
    if (list.length === 0 || unknown !== undefined) {
      return refuse(`\`${unknown ?? daysWord}\` is not a day: use \`weekdays\`, \`daily\`, \`weekly <day>\` or days like \`mon,wed\`.`);
    }
    const numbers = [...new Set(list.map((d) => DAYS[d]!))].sort((a, b) => a - b);
    days = numbers.join(',');
    daysText = numbers.map((n) => DAY_NAMES[n]).join(',');
  }
  const timeWord = words.shift();
  const time = timeWord === undefined ? null : TIME.exec(timeWord);
  if (!time) return refuse(timeWord === undefined ? 'A time is missing, in 24-hour `HH:MM`.' : `\`${timeWord}\` is not a time: use 24-hour \`HH:MM\`, like \`09:30\`.`);
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  if (hour > 23 || minute > 59) return refuse(`\`${timeWord}\` is not a time of day: hours 00-23, minutes 00-59.`);
  const zoneWord = words.shift();
  if (zoneWord === undefined) return refuse('A time zone is missing: an IANA name like `Europe/Berlin` or `UTC`.');
  if (words.length) return refuse(`Extra words after the time zone: \`${words.join(' ')}\`.`);
  const tz = canonicalZone(zoneWord);
  if (!tz) return refuse(`\`${zoneWord}\` is not a time zone I know: use an IANA name like \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`.`);
  const hhmm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { ok: true, spec: { text: `${daysText} ${hhmm} ${tz}`, pattern: `${minute} ${hour} * * ${days}`, tz } };
}

let zones: Map<string, string> | undefined;

/** The canonical IANA name for a zone typed in any case, or null for one this runtime does not know. */
export function canonicalZone(name: string): string | null {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(name)) return null;
  zones ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  const known = zones.get(name.toLowerCase());
  if (known) return known;
  // `UTC` and links such as `Etc/UTC` are valid but not listed as canonical.
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // A current name ICU lists under an older one (Asia/Kolkata, listed as Asia/Calcutta) stays as typed.
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch {
    return null;
  }
}

/** The next `count` runs strictly after `from`, in UTC instants. */
export function nextRuns(schedule: { pattern: string; tz: string }, from: Date, count = 1): Date[] {
  const iterator = parser.parseExpression(schedule.pattern, { currentDate: from, tz: schedule.tz });
  const runs: Date[] = [];
  for (let i = 0; i < count; i += 1) runs.push(iterator.next().toDate());
  return runs;
}

/** `Mon 30 Mar 2026, 10:00 CEST (08:00 UTC)`: a run as the channel reads it, and in UTC. */
export function describeRun(at: Date, tz: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
  const utc = at.toISOString();
  return `${local} (${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC)`;
}
