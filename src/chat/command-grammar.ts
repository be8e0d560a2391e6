import type { InterviewTemplate, Platform } from '../domain/types.js';
import { parseChannel, type ChannelCommand } from './commands/channel-command.js';
import { parseSchedule, type ScheduleCommand } from './commands/schedule-command.js';
import { TEAM_HELP_LINES } from './commands/team-help.js';
import { EXPORT_HELP_LINES, parseExportCommand, type ExportCommand } from './commands/export-command.js';
import { parseTemplate, TEMPLATE_HELP_LINE, type TemplateCommand } from './commands/template-command.js';
import { FORGET_ME_HELP_LINE, parseForgetMe, type ForgetMeCommand } from './commands/forget-me-command.js';
import { parseProfile, PROFILE_HELP_LINE, type ProfileCommand } from './commands/profile-command.js';
import { CONSOLE_PROGRESS_HELP_LINES, parseLeaderboard, parseStats, PROGRESS_HELP_LINES, type ProgressCommand } from './commands/progress-grammar.js';
import { refuse } from './commands/refusal.js';

// The `/interview` grammar, parsed without platform knowledge. Unknown or malformed input is a
// `help` result with a reason (and the valid range or choices), so the user always gets an
// answer and nothing half-understood reaches the core.

/** Which past interview `show` means: its number in the history (1 = most recent) or its id. */
export type InterviewRef = { position: number } | { sessionId: string };

export type ParsedCommand =
  /** `customTemplate`: a workspace template's name (present only when one was named; `template` is then null). */
  | { name: 'start'; topic: string | null; minutes: number | null; template: InterviewTemplate | null; customTemplate?: string }
  | { name: 'pause' | 'resume' | 'end' | 'status' | 'topics' | 'retry-evaluation' | 'redeliver' }
  | { name: 'history'; page: number }
  | { name: 'show'; ref: InterviewRef }
  | ProgressCommand
  | ChannelCommand
  | ScheduleCommand
  | ExportCommand
  | TemplateCommand
  | ForgetMeCommand
  | ProfileCommand
  | { name: 'help'; problem: string | null };

const TEMPLATE_WORDS: Record<string, InterviewTemplate> = {
  standard: 'standard',
  quick: 'quick',
  short: 'quick',
  'deep-dive': 'deep-dive',
  deepdive: 'deep-dive',
  senior: 'deep-dive',
  staff: 'deep-dive',
};
const TEMPLATE_CHOICES = '`quick`, `standard` or `deep-dive`';
/**
 * Words that name a level or a difficulty, not a system: leading a start (`start expert url
 * shortener`) they were meant as a template, so they are refused rather than read as the topic's
 * first word. Only the first word is checked (no topic starts with one of these); later in the
 * topic any word may appear, as topics are matched loosely.
 */
const LEVEL_WORDS = new Set(['expert', 'beginner', 'easy', 'medium', 'hard', 'advanced', 'intermediate', 'junior', 'mid', 'mid-level', 'principal', 'basic', 'normal', 'long']);
const UNIT = '(?:m|min|mins|minute|minutes)';
/** A valid duration: whole minutes, optionally with a unit (`30`, `45min`). */
const MINUTES = new RegExp(`^(\\d+)${UNIT}?$`, 'i');
/** Anything that looks like a number (signed, decimal, with a unit): it must be a valid duration. */
const NUMBER_LIKE = new RegExp(`^[+-]?(?:\\d+(?:[.,]\\d*)?|[.,]\\d+)${UNIT}?$`, 'i');
const UNIT_WORD = new RegExp(`^${UNIT}$`, 'i');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE = new Set(['pause', 'resume', 'end', 'status', 'topics', 'retry-evaluation', 'redeliver']);

export const MIN_MINUTES = 5;
export const MAX_MINUTES = 180;
/** History pages and positions are at most 6 digits: enough for anyone, never a database overflow. */
export const MAX_PAGE = 999_999;


/** `customTemplates`: the names of the workspace's own templates, which `start` then takes like the built-in ones. */
export function parseCommand(text: string, customTemplates: ReadonlySet<string> = new Set()): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() ?? 'help').toLowerCase();
  if (verb === 'help') return { name: 'help', problem: null };
  if (SIMPLE.has(verb)) {
    return words.length ? refuse(`\`${verb}\` takes no arguments.`) : ({ name: verb } as ParsedCommand);
  }
  if (verb === 'history') return parseHistory(words);
  if (verb === 'show') return parseShow(words);
  if (verb === 'start') return parseStart(words, customTemplates);
  if (verb === 'channel') return parseChannel(words, customTemplates);
  if (verb === 'schedule') return parseSchedule(words);
  if (verb === 'stats') return parseStats(words);
  if (verb === 'leaderboard') return parseLeaderboard(words);
  if (verb === 'export' || verb === 'replay' || verb === 'share') return parseExportCommand(verb, words);
  if (verb === 'template') return parseTemplate(words);
  if (verb === 'forget-me') return parseForgetMe(words);
  if (verb === 'profile') return parseProfile(words);
  return refuse(`I don't know \`${verb}\`.`);
}

/** A page or history position: 1 to MAX_PAGE, digits only; null for anything else. */
export function parsePositiveNumber(text: string): number | null {
  if (!/^\d{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 && value <= MAX_PAGE ? value : null;
}

function parseHistory(words: string[]): ParsedCommand {
  const usage = `\`history\` takes an optional page number from 1 to ${MAX_PAGE}, like \`history 2\`.`;
  if (words.length > 1) return refuse(`Extra words after a complete command: \`${words.slice(1).join(' ')}\`. ${usage}`);
  if (words[0] === undefined) return { name: 'history', page: 1 };
  const page = parsePositiveNumber(words[0]);
  return page === null ? refuse(`\`${words[0]}\` is not a page number. ${usage}`) : { name: 'history', page };
}

function parseShow(words: string[]): ParsedCommand {
  const usage = `\`show\` takes the number \`/interview history\` gives an interview (1 = most recent, up to ${MAX_PAGE}) or an interview id, like \`show 2\`.`;
  if (words.length > 1) return refuse(`Extra words after a complete command: \`${words.slice(1).join(' ')}\`. ${usage}`);
  const [word] = words;
  if (word === undefined) return { name: 'show', ref: { position: 1 } };
  if (UUID.test(word)) return { name: 'show', ref: { sessionId: word.toLowerCase() } };
  const position = parsePositiveNumber(word);
  return position === null ? refuse(`\`${word}\` is neither a history number nor an interview id. ${usage}`) : { name: 'show', ref: { position } };
}

/**
 * `start [template] [topic] [minutes] [template]`: the topic's words come first (a template word
 * may lead, as in `start quick rate limiter`), then at most one duration, then at most one
 * template, then nothing. Every number must be a valid duration, so `9999` never becomes part
 * of a topic.
 */
function parseStart(input: string[], customTemplates: ReadonlySet<string>): ParsedCommand {
  const words = joinDeepDive(input);
  let minutes: number | null = null;
  let template: InterviewTemplate | null = null;
  let customTemplate: string | null = null;
  let templateLast = false;
  const topic: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const templateWord = Object.hasOwn(TEMPLATE_WORDS, word.toLowerCase()) ? TEMPLATE_WORDS[word.toLowerCase()] : undefined;
    const extra = () => refuse(`Extra words after a complete command: \`${words.slice(i).join(' ')}\`. ${START_USAGE}`);
    if (NUMBER_LIKE.test(word)) {
      const duration = parseDuration(word);
      if (typeof duration === 'string') return refuse(duration);
      if (minutes !== null) return refuse(`Two durations, \`${minutes}\` and \`${word}\`: give one, from ${MIN_MINUTES} to ${MAX_MINUTES} minutes.`);
      if (templateLast) return extra();
      minutes = duration;
      if (words[i + 1] !== undefined && UNIT_WORD.test(words[i + 1]!)) i += 1;
    } else if (templateWord || customTemplates.has(word.toLowerCase())) {
      if (template !== null || customTemplate !== null) return refuse(`Two templates, \`${template ?? customTemplate}\` and \`${word}\`: choose one of ${TEMPLATE_CHOICES}.`);
      if (!templateWord) {
        customTemplate = word.toLowerCase();
        templateLast = topic.length > 0 || minutes !== null;
        continue;
      }
      // A template before any topic word leads the command; anywhere else it ends it.
      template = templateWord;
      templateLast = topic.length > 0 || minutes !== null;
    } else if (i === 0 && LEVEL_WORDS.has(word.toLowerCase())) {
      return refuse(`\`${word}\` is not a template: the templates are ${TEMPLATE_CHOICES}, or leave it out for the standard interview.`);
    } else if (templateLast) {
      return extra();
    } else if (minutes !== null) {
      return refuse(`\`${word}\` is not a template: after the minutes come only ${TEMPLATE_CHOICES}. ${START_USAGE}`);
    } else {
      topic.push(word);
    }
  }
  return { name: 'start', topic: topic.length ? topic.join(' ') : null, minutes, template, ...(customTemplate ? { customTemplate } : {}) };
}

const START_USAGE = 'I read `start [topic] [minutes] [template]`, e.g. `start url shortener 30 quick`.';

/** Whole minutes from MIN_MINUTES to MAX_MINUTES, or the reason it is not. */
function parseDuration(word: string): number | string {
  const range = `an interview lasts ${MIN_MINUTES} to ${MAX_MINUTES} minutes`;
  const match = MINUTES.exec(word);
  if (!match) return `\`${word}\` is not a duration: ${range}, in whole minutes like \`30\` or \`45min\`.`;
  const minutes = Number(match[1]);
  if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) return `An interview lasts ${MIN_MINUTES} to ${MAX_MINUTES} minutes; you asked for ${match[1]}.`;
  return minutes;
}

/** `deep dive` written as two words is the `deep-dive` template. */
function joinDeepDive(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (/^dive$/i.test(word) && out.length && /^deep$/i.test(out.at(-1)!)) out[out.length - 1] = 'deep-dive';
    else out.push(word);
  }
  return out;
}

const SHOW_LINE = '- `/interview show [N|id]`: an evaluation again, privately: N as `/interview history` numbers them (1 = most recent), or an interview id';

/** Slack and Discord: threads, buttons, ephemeral replies. */
export const HELP_TEXT = [
  '**Mock system-design interviews.** Commands:',
  '- `/interview start [topic] [minutes] [quick|standard|deep-dive]`: start an interview in a new thread, e.g. `/interview start url shortener 30`',
  '- `/interview pause` / `resume` / `end`: control your interview (or use the buttons on its first message)',
  '- `/interview status`: time used and left, the current phase',
  '- `/interview history [page]`: your past interviews and scores',
  SHOW_LINE,
  '- `/interview topics`: the topics you can practise',
  '- `/interview retry-evaluation`: try again if your evaluation failed',
  '- `/interview redeliver`: post again what the bot could not post in your interview thread',
  ...PROGRESS_HELP_LINES,
  ...TEAM_HELP_LINES,
  ...EXPORT_HELP_LINES,
  TEMPLATE_HELP_LINE,
  PROFILE_HELP_LINE,
  FORGET_ME_HELP_LINE,
  'Answer the interviewer by replying in the interview thread.',
].join('\n');

/** The terminal: one conversation on one screen, no threads and no buttons. */
export const CONSOLE_HELP_TEXT = [
  '**Mock system-design interviews.** Commands:',
  '- `/interview start [topic] [minutes] [quick|standard|deep-dive]`: start an interview, e.g. `/interview start url shortener 30`',
  '- `/interview pause` / `resume` / `end`: control your interview',
  '- `/interview status`: time used and left, the current phase',
  '- `/interview history [page]`: your past interviews and scores',
  SHOW_LINE,
  '- `/interview topics`: the topics you can practise',
  '- `/interview retry-evaluation`: try again if your evaluation failed',
  ...CONSOLE_PROGRESS_HELP_LINES,
  EXPORT_HELP_LINES[0]!,
  PROFILE_HELP_LINE,
  FORGET_ME_HELP_LINE,
  'Answer the interviewer by typing at the prompt; `/quit` to leave.',
].join('\n');

/** The help for where the command was typed. */
export function helpText(platform: Platform): string {
  return platform === 'console' ? CONSOLE_HELP_TEXT : HELP_TEXT;
}

/**
 * After a refusal: the reason, the usage line(s) of the command concerned (the help's lines for
 * that verb), and a pointer to the whole help, rather than all of it.
 */
export function refusalText(platform: Platform, problem: string, commandText: string): string {
  const verb = commandText.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const lines = verb
    ? helpText(platform)
        .split('\n')
        .filter((line) => line.startsWith(`- \`/interview ${verb}`) && /^[\s`[\]]/.test(line.slice(`- \`/interview ${verb}`.length)) || (line.startsWith('- `/interview ') && line.split(':')[0]!.includes(` / \`${verb}\``)))
    : [];
  return lines.length ? `${problem}\n\n${lines.join('\n')}\nType \`/interview help\` for more.` : `${problem}\nType \`/interview help\` for the commands.`;
}
