import { choicePhrase, reasoningOfText } from '../../substance/reasoning.js';
import { sentencesOf } from '../../substance/sentences.js';
import { listedTerms, techTermsIn } from '../../substance/tech-terms.js';

export interface DecisionFollowUp {
  /** Stored in the reply's notes so the same decision is never followed up twice. */
  key: string;
  text: string;
}

/**
 * A follow-up on a decision the candidate just made, not on a word they used: why, when they
 * gave no reason; what it costs, when they gave a reason but weighed nothing against it.
 */
export function decisionFollowUp(text: string, done: ReadonlySet<string>): DecisionFollowUp | null {
  const sentences = sentencesOf(text);
  const reasoning = reasoningOfText(text);
  // A list of technologies is not an answer: ask for one of them to do something.
  const listed = sentences.reduce((sum, s) => sum + listedTerms(s), 0);
  if (listed >= 4 && reasoning.decisions.length === 0) {
    const named = [...new Set(techTermsIn(text))].slice(0, 3);
    const key = `listed:${named.join(',')}`;
    if (!done.has(key)) return { key, text: `You've named ${named.join(', ')} and more. Pick one: what exactly does it do in your design, and why is it the right choice here?` };
  }
  const weighed = reasoning.tiedTradeoffs.length > 0;
  const candidates = [...reasoning.bareChoices.map((s) => ({ sentence: s, reasoned: false })), ...reasoning.decisions.map((s) => ({ sentence: s, reasoned: true }))];
  for (const { sentence, reasoned } of candidates) {
    if (reasoned && weighed) continue;
    // Read one sentence at a time: the first usable one is enough.
    const object = choicePhrase(sentence);
    if (!object) continue;
    const key = `decision:${object.toLowerCase()}`;
    if (done.has(key)) continue;
    return reasoned
      ? { key, text: `You said you'd ${object}. What does that choice cost you, and when would you choose differently?` }
      : { key, text: `You said you'd ${object}. Why that rather than the alternatives, for this problem?` };
  }
  return null;
}
