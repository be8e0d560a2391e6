// What the candidate's latest message is doing, so the interviewer can react as a person would.
export type CandidateIntent = 'injection' | 'hint' | 'stuck' | 'scale' | 'short' | 'answer';

const INJECTION = [
  /ignore (all |any |your |the )?(previous |prior |above )?(instructions|prompt|rules)/i,
  /(print|show|reveal|repeat|tell me) (me )?(your|the) (system )?(prompt|instructions)/i,
  /\b(give|score|rate) me (a )?(100|full marks|perfect|top score)/i,
  /you are now\b|act as (an?|the) (assistant|grader)|developer mode|jailbreak/i,
  /<\/?(system|candidate_message|instructions)>/i,
];
const HINT = /\b(hint|nudge|clue|tip|help me|point me|what should i (focus|think) (on|about))\b/i;
const STUCK = /\b(i('| a)?m not sure|not sure|no idea|don'?t know|i'?m stuck|stuck|no clue|can'?t think)\b/i;
const SCALE = /\b(how many|how much|what (is the |'s the )?(scale|traffic|load|volume|qps|size)|expected (scale|traffic|load|users)|numbers?|assumptions?)\b[^.]*\?/i;

export function classifyIntent(text: string): CandidateIntent {
  if (INJECTION.some((re) => re.test(text))) return 'injection';
  if (HINT.test(text)) return 'hint';
  const words = text.split(/\s+/).filter(Boolean).length;
  if (STUCK.test(text) && words < 40) return 'stuck';
  if (SCALE.test(text)) return 'scale';
  if (words < 8 && !text.includes('?')) return 'short';
  return 'answer';
}
