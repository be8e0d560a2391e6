/**
 * How much of one message is read for substance (the interviewer's reactions, the offline
 * score). Answers are rarely longer; a longer one is read up to here, so a message of the
 * largest allowed size costs a few milliseconds, not the event loop (README, "What the score
 * measures").
 */
export const ANALYZED_CHARS = 6_000;

export function analyzedPart(text: string): string {
  if (text.length <= ANALYZED_CHARS) return text;
  // Never cut between the two halves of a surrogate pair (an emoji, say): a lone half is not
  // valid JSON text, and the interviewer's state is stored as JSON.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(ANALYZED_CHARS - 1)) ? ANALYZED_CHARS - 1 : ANALYZED_CHARS;
  return text.slice(0, end);
}
