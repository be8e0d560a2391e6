// Evidence must be the candidate's own words. Whitespace is compared collapsed (chat platforms
// re-flow it); every other character must match.
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function isVerbatim(quote: string, candidateTexts: readonly string[]): boolean {
  const needle = collapse(quote);
  return needle.length >= 3 && candidateTexts.some((text) => collapse(text).includes(needle));
}

/** A quote cut to a readable length at a word boundary; still a substring of the original. */
export function clipQuote(sentence: string, maxChars = 220): string {
  if (sentence.length <= maxChars) return sentence;
  const cut = sentence.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return (space > 40 ? cut.slice(0, space) : cut).trim();
}
