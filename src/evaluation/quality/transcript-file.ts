import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PHASES } from '../../interviewer/catalog/catalog-schema.js';
import { InterviewPlatformError } from '../../domain/errors.js';
import { lowerFirst } from '../../substance/sentences.js';
import type { TranscriptLine } from '../answers.js';

/**
 * A transcript on disk (`cli evaluate FILE`, the labeled quality corpus): the topic, the
 * messages, and optionally the phase of each interviewer question, a label, and flags marking
 * candidate messages that are not answers (injection, off-topic).
 */
export const TranscriptFileSchema = z.object({
  topic: z.string().min(1),
  label: z.string().optional(),
  note: z.string().optional(),
  /** For a special case: the label its remaining lines deserve. */
  base: z.string().optional(),
  durationMinutes: z.number().int().min(1).max(600).default(45),
  messages: z
    .array(
      z.object({
        role: z.enum(['interviewer', 'candidate']),
        content: z.string(),
        phase: z.enum(PHASES).optional(),
        flag: z.enum(['injection', 'off-topic']).optional(),
      }),
    )
    .min(1),
});

export type TranscriptFile = z.infer<typeof TranscriptFileSchema>;

/** The messages as the scorers read them: an interviewer's phase becomes its metadata, as the bot stores it. */
export function linesOf(file: TranscriptFile, options: { withoutFlagged?: boolean } = {}): TranscriptLine[] {
  return file.messages
    .filter((m) => !(options.withoutFlagged && m.flag))
    .map((m) => ({ role: m.role, content: m.content, metadata: m.phase ? { phase: m.phase } : {} }));
}

/** Reads and checks a transcript file; every problem is one line naming the file (the error's `userMessage`). */
export async function readTranscriptFile(path: string): Promise<TranscriptFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw invalid(path, ` ${unreadable((error as NodeJS.ErrnoException).code)}`, error);
  }
  // An editor's byte-order mark is not a JSON error.
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw invalid(path, ' is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, ` is not JSON: ${jsonProblem(text, error)}`, error);
  }
  const parsed = TranscriptFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((issue) => shapeProblem(issue, json)))];
    const more = problems.length > 3 ? `; and ${problems.length - 3} more problems` : '';
    throw invalid(path, `: ${problems.slice(0, 3).join('; ')}${more}`);
  }
  return parsed.data;
}

function invalid(path: string, problem: string, cause?: unknown): InterviewPlatformError {
  const message = `${path}${problem}`;
  return new InterviewPlatformError('INVALID_INPUT', message, { userMessage: message, context: { path }, cause });
}

function unreadable(code: string | undefined): string {
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? 'unknown error'})`;
}

/**
 * What JSON.parse objected to, with the line and column when known: "unexpected token at line 3
 * column 8". Node 20 puts "at position N" in most of its messages but not in "Unexpected token
 * 'x', "<the source>" is not valid JSON"; for that one the offset comes from {@link syntaxErrorOffset}.
 * The source V8 quotes is never repeated.
 */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/^Unexpected end of JSON input/i.test(message)) return 'unexpected end of input (something is not closed)';
  const position = /\bat position (\d+)/.exec(message)?.[1];
  const unexpectedToken = /^Unexpected token\b/i.test(message);
  const what = unexpectedToken
    ? 'unexpected token'
    : lowerFirst(message.split('\n')[0]!.replace(/\s+(in JSON\s+)?at position \d+.*$/, '').replace(/,\s*".*$/, '')) || 'invalid JSON';
  const offset = position !== undefined ? Number(position) : syntaxErrorOffset(text);
  return offset === undefined ? what : `${what} at ${lineAndColumn(text, offset)}`;
}


/** "line 3 column 8", both counted from 1; the column counts characters, not UTF-16 units. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return `line ${before.split('\n').length} column ${[...before.slice(lineStart)].length + 1}`;
}

/** The offset of the first character that makes `text` invalid JSON, or undefined when it is valid. */
function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  let tooDeep = false;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string): boolean => {
    for (const char of word) {
      if (text[i] !== char) return false;
      i++;
    }
    return true;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i++;
        return true;
      }
      if (char < ' ') return false;
      if (char === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[++i] ?? '')) return false;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) return false;
      }
      i++;
    }
    return false;
  };
  const number = (): boolean => {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = i;
    if (!match.exec(text)) return false;
    i = match.lastIndex;
    return true;
  };
  const value = (depth: number): boolean => {
    space();
    const char = text[i];
    // Deeper than anyone writes by hand: no position rather than a stack overflow.
    if (depth > 1000) {
      tooDeep = true;
      return false;
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number();
    if (char !== '{' && char !== '[') return false;
    const close = char === '{' ? '}' : ']';
    i++;
    space();
    if (text[i] === close) {
      i++;
      return true;
    }
    for (;;) {
      if (close === '}') {
        space();
        if (text[i] !== '"' || !string()) return false;
        space();
        if (text[i] !== ':') return false;
        i++;
      }
      if (!value(depth + 1)) return false;
      space();
      if (text[i] === close) {
        i++;
        return true;
      }
      if (text[i] !== ',') return false;
      i++;
    }
  };
  if (!value(0)) return tooDeep ? undefined : i;
  space();
  return i < text.length ? i : undefined;
}

/** One zod issue as a sentence: `message 3: role must be "interviewer" or "candidate"`, `missing "topic"`. */
function shapeProblem(issue: z.core.$ZodIssue, json: unknown): string {
  const path = issue.path;
  if (path.length === 0) return `expected a JSON object with "topic" and "messages", not ${kindOf(json)}`;
  const inMessage = path[0] === 'messages' && typeof path[1] === 'number';
  const prefix = inMessage ? `message ${(path[1] as number) + 1}` : '';
  const rest = inMessage ? path.slice(2) : path;
  if (rest.length === 0) return `${prefix} must be an object with "role" and "content", not ${kindOf(valueAt(json, path))}`;
  const field = rest.join('.');
  const say = (sentence: string) => (prefix ? `${prefix}: ${sentence}` : sentence);
  // Inside a message the field reads as a word ("role must be"); at the top it is quoted.
  const name = inMessage ? field : `"${field}"`;
  if (issue.code === 'invalid_type' && valueAt(json, path) === undefined) return say(`missing "${field}"`);
  if (field === 'messages') return '"messages" must be a non-empty list';
  switch (issue.code) {
    case 'invalid_type':
      return say(`${name} must be ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}`);
    case 'invalid_value':
      return say(`${name} must be ${oneOf(issue.values.map((v) => JSON.stringify(v)))}`);
    case 'too_small':
      return say(issue.origin === 'string' ? `${name} must not be empty` : `${name} must be at least ${issue.minimum}`);
    case 'too_big':
      return say(`${name} must be at most ${issue.maximum}`);
    default:
      return say(`${name}: ${issue.message.replace(/\s+/g, ' ')}`);
  }
}

const TYPE_WORDS: Record<string, string> = { string: 'a string', number: 'a number', int: 'a whole number', array: 'a list', object: 'an object', boolean: 'true or false' };

function oneOf(values: string[]): string {
  return values.length <= 2 ? values.join(' or ') : `one of ${values.join(', ')}`;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
