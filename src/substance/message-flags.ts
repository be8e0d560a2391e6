import { quantitiesIn } from './numbers.js';
import { contentWords } from './sentences.js';
import { techTermsIn } from './tech-terms.js';

/** A candidate message that is not part of the answer: it is never scored or quoted. */
export type MessageFlag = 'injection' | 'off-topic' | 'copy';

const INJECTION = [
  /ignore (all |any |your |the )?(previous |prior |above )?(instructions|prompt|rules)/i,
  /(print|show|reveal|repeat|tell me) (me )?(your|the) (system )?(prompt|instructions)/i,
  /\b(give|score|rate|grade|mark) (me|this|it|the candidate|this candidate|this interview)\b.{0,40}\b(100|full marks|perfect|top score|strong hire|10\/10)/i,
  /you are now\b|act as (an?|the) (assistant|grader|evaluator)|developer mode|jailbreak/i,
  /\bas the (grader|evaluator|judge|scorer)\b/i,
  /^\s*(system|assistant|grader)\s*:/im,
  /\b(candidate has passed|print the score|output the score|override the (score|rubric|evaluation))\b/i,
  /<\/?\s*(system|candidate_message|instructions)\s*>/i,
];

const DESIGN = /\b(server|database|db|cache|user|users|request|data|system|api|scale|store|storage|queue|service|client|latency|traffic|shard|replica|node|read|write|message|design|component|load|index|key|region|requirement|scope)s?\b/i;
// Questions about the interview itself are not small talk: "can I get a hint?", "what do you mean?".
const ABOUT_THE_INTERVIEW = /\b(hint|stuck|clarify|repeat|rephrase|question|mean|interview|time|minutes|phase|move on|next)\b/i;
const CHATTER = /\b(pizza|lunch|dinner|coffee|beer|weather|game last night|the game|match|movie|netflix|weekend|vacation|holiday|football|soccer|basketball|restaurant|btw|by the way|random question|off topic|off-topic|unrelated|how are you|what's up|whats up)\b/i;

export function isInjection(text: string): boolean {
  return INJECTION.some((re) => re.test(text));
}

/** Counts only as far as it needs to: a message of 60,000 characters is not split whole. */
function moreWordsThan(text: string, limit: number): boolean {
  let words = 0;
  for (const _ of text.matchAll(/\S+/g)) if (++words > limit) return true;
  return false;
}

/** Small talk with nothing of the design in it. `topicWords`: the topic's own vocabulary. */
export function isOffTopic(text: string, topicWords: ReadonlySet<string>): boolean {
  if (moreWordsThan(text, 40) || ABOUT_THE_INTERVIEW.test(text) || quantitiesIn(text).length > 0 || techTermsIn(text).length > 0 || DESIGN.test(text)) return false;
  const shared = [...contentWords(text)].filter((w) => topicWords.has(w)).length;
  // Small talk says so ("btw", "unrelated", "pizza"); a bare question with nothing of the topic is small talk too.
  return (CHATTER.test(text) && shared < 2) || (shared === 0 && /\?\s*$/.test(text));
}

/** The question handed back: most of its words come from the question, and little is added. */
export function isCopyOfQuestion(answer: string, question: string): boolean {
  const asked = contentWords(question);
  const said = [...contentWords(answer)];
  if (said.length === 0 || asked.size < 3) return false;
  const fresh = said.filter((w) => !asked.has(w));
  return fresh.length < 6 && fresh.length / said.length < 0.5;
}

export function flagOf(text: string, question: string, topicWords: ReadonlySet<string>): MessageFlag | null {
  if (isInjection(text)) return 'injection';
  if (isOffTopic(text, topicWords)) return 'off-topic';
  if (isCopyOfQuestion(text, question)) return 'copy';
  return null;
}
