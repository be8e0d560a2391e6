import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PHASES } from '../../interviewer/catalog/catalog-schema.js';
import { InterviewPlatformError } from '../../domain/errors.js';
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

/** Reads and checks a transcript file; every problem is named with the file it is in. */
export async function readTranscriptFile(path: string): Promise<TranscriptFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(path, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, text.trim() ? `is not valid JSON: ${(error as Error).message}` : 'is empty');
  }
  const parsed = TranscriptFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw invalid(path, `is not a transcript: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function invalid(path: string, problem: string): InterviewPlatformError {
  return new InterviewPlatformError('INVALID_INPUT', `${path} ${problem}`, { userMessage: `${path} ${problem}. Expected {"topic": "...", "messages": [{"role": "interviewer"|"candidate", "content": "..."}]}.`, context: { path } });
}
