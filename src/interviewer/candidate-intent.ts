import { isInjection, isOffTopic } from '../substance/message-flags.js';

// What the candidate's latest message is doing, so the interviewer can react as a person would.
export type CandidateIntent = 'injection' | 'off-topic' | 'hint' | 'stuck' | 'scale' | 'short' | 'answer';

const HINT = /\b(hint|nudge|clue|tip|help me|point me|what should i (focus|think) (on|about))\b/i;
const STUCK = /\b(i('| a)?m not sure|not sure|no idea|don'?t know|i'?m stuck|stuck|no clue|can'?t think)\b/i;
const SCALE = /\b(how many|how much|what (is the |'s the )?(scale|traffic|load|volume|qps|size)|expected (scale|traffic|load|users)|numbers?|assumptions?)\b[^.]*\?/i;

/** `topicWords`: the topic's vocabulary (see evaluation/answers.ts), to tell small talk from an answer. */
export function classifyIntent(text: string, topicWords: ReadonlySet<string> = new Set()): CandidateIntent {
  if (isInjection(text)) return 'injection';
  if (HINT.test(text)) return 'hint';
  if (isOffTopic(text, topicWords)) return 'off-topic';
  const words = text.split(/\s+/).filter(Boolean).length;
  if (STUCK.test(text) && words < 40) return 'stuck';
  if (SCALE.test(text)) return 'scale';
  if (words < 8 && !text.includes('?')) return 'short';
  return 'answer';
}
