import type { Topic } from './catalog/catalog-schema.js';
import { GENERAL_QUESTIONS } from './offline/phase-questions.js';

// Questions the candidate has already answered, unasked: one message with a word from every
// group of the question's `coveredBy` (word boundaries, plurals allowed, as concept keywords).
const compiled = new Map<string, RegExp>();

function pattern(word: string): RegExp {
  let re = compiled.get(word);
  if (!re) {
    re = new RegExp(`(?<![a-z0-9])${word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:s|es)?(?![a-z0-9])`, 'i');
    compiled.set(word, re);
  }
  return re;
}

export function coversAll(groups: readonly (readonly string[])[], text: string): boolean {
  return groups.every((group) => group.some((word) => pattern(word).test(text)));
}

/** Keys of the questions this message answers: `dd:<i>` for the topic's deep dives, `gq:<phase>:<i>` for general ones. */
export function answeredBy(topic: Topic, text: string): string[] {
  const keys = topic.deepDiveProbes.flatMap((probe, i) => (coversAll(probe.coveredBy, text) ? [`dd:${i}`] : []));
  for (const [phase, questions] of Object.entries(GENERAL_QUESTIONS)) {
    questions.forEach((q, i) => {
      if (coversAll(q.coveredBy, text)) keys.push(`gq:${phase}:${i}`);
    });
  }
  return keys;
}
