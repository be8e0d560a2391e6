import type { InterviewTemplate } from '../domain/types.js';

// The `/interview` grammar, parsed without platform knowledge. Unknown or malformed input is a
// `help` result with a reason, so the user always gets an answer.

export type ParsedCommand =
  | { name: 'start'; topic: string | null; minutes: number | null; template: InterviewTemplate | null }
  | { name: 'pause' | 'resume' | 'end' | 'status' | 'topics' | 'retry-evaluation' | 'redeliver' }
  | { name: 'history'; page: number }
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
const MINUTES = /^(\d{1,3})(m|min|mins|minutes)?$/i;
const SIMPLE = new Set(['pause', 'resume', 'end', 'status', 'topics', 'retry-evaluation', 'redeliver']);

export const MIN_MINUTES = 5;
export const MAX_MINUTES = 180;

export function parseCommand(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() ?? 'help').toLowerCase();
  if (verb === 'help') return { name: 'help', problem: null };
  if (SIMPLE.has(verb)) {
    return words.length ? { name: 'help', problem: `\`${verb}\` takes no arguments.` } : ({ name: verb } as ParsedCommand);
  }
  if (verb === 'history') {
    const page = words[0] === undefined ? 1 : Number(words[0]);
    if (!Number.isInteger(page) || page < 1 || words.length > 1) return { name: 'help', problem: '`history` takes an optional page number, like `history 2`.' };
    return { name: 'history', page };
  }
  if (verb === 'start') return parseStart(words);
  return { name: 'help', problem: `I don't know \`${verb}\`.` };
}

function parseStart(words: string[]): ParsedCommand {
  let minutes: number | null = null;
  let template: InterviewTemplate | null = null;
  const topic: string[] = [];
  for (const word of words) {
    const number = MINUTES.exec(word);
    const templateWord = TEMPLATE_WORDS[word.toLowerCase()];
    if (number && minutes === null) {
      minutes = Number(number[1]);
      if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
        return { name: 'help', problem: `An interview lasts ${MIN_MINUTES} to ${MAX_MINUTES} minutes; you asked for ${minutes}.` };
      }
    } else if (templateWord && template === null) {
      template = templateWord;
    } else {
      topic.push(word);
    }
  }
  return { name: 'start', topic: topic.length ? topic.join(' ') : null, minutes, template };
}

export const HELP_TEXT = [
  '**Mock system-design interviews.** Commands:',
  '- `/interview start [topic] [minutes] [quick|standard|deep-dive]`: start an interview in a new thread, e.g. `/interview start url shortener 30`',
  '- `/interview pause` / `resume` / `end`: control your interview (or use the buttons on its first message)',
  '- `/interview status`: time used and left, the current phase',
  '- `/interview history [page]`: your past interviews and scores',
  '- `/interview topics`: the topics you can practise',
  '- `/interview retry-evaluation`: try again if your evaluation failed',
  '- `/interview redeliver`: post again what the bot could not post in your interview thread',
  'Answer the interviewer by replying in the interview thread.',
].join('\n');
