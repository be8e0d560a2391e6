import type { Concept, Topic } from './catalog/catalog-schema.js';

// Keyword matching on word boundaries ("cache" must not match inside "cachet"), case-insensitive.
const patternCache = new WeakMap<Concept, RegExp[]>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patterns(concept: Concept): RegExp[] {
  let compiled = patternCache.get(concept);
  if (!compiled) {
    // A trailing plural ("redirects", "caches") counts as the word itself.
    compiled = concept.keywords.map((k) => new RegExp(`(?<![a-z0-9])${escapeRegExp(k.toLowerCase())}(?:s|es)?(?![a-z0-9])`, 'i'));
    patternCache.set(concept, compiled);
  }
  return compiled;
}

/** The keywords of a concept that occur in the text. */
export function matchedKeywords(concept: Concept, text: string): string[] {
  return patterns(concept)
    .map((re, i) => (re.test(text) ? concept.keywords[i]! : null))
    .filter((k): k is string => k !== null);
}

export interface ConceptHit {
  concept: Concept;
  keywords: string[];
}

/** Concepts of the topic that the text covers, with the words that showed it. */
export function conceptsIn(topic: Topic, text: string): ConceptHit[] {
  return topic.concepts
    .map((concept) => ({ concept, keywords: matchedKeywords(concept, text) }))
    .filter((hit) => hit.keywords.length > 0);
}
