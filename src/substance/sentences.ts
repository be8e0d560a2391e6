/** Sentences (or list lines) of a text, trimmed: the unit every signal is judged on. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((s) => s.length > 0);
}

/** Lower-case content words (four letters or more, not filler), for overlap between texts. */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? [];
  return new Set(words.filter((w) => !FILLER.has(w)).map(stem));
}

// Plurals and simple verb forms folded together: "aliases" and "alias", "caching" and "cache".
function stem(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(sses|ses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && !word.endsWith('as') && !word.endsWith('is')) return word.slice(0, -1);
  if (word.length > 6 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  return word;
}

const FILLER = new Set(
  'about above after again also apart around because been before being below between both could does doing done down each even every from have having here into just like make many more most much must need only other over really same should some such than that their them then there these they thing things think this those through very want well were what when where which while will with would your yours yeah okay sure right good great maybe something anything everything going know mean kind sort stuff lots probably basically actually would first second third also again tell walk describe explain design system let\'s'.split(' '),
);

/** "Optional custom aliases" -> "optional custom aliases", for text set inside a sentence. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
