import { contentWords } from '../substance/sentences.js';
import type { Topic } from './catalog/catalog-schema.js';

const cache = new WeakMap<Topic, Set<string>>();

/** The topic's own words (name, prompt, requirements, concepts), for telling small talk from an answer. */
export function topicWords(topic: Topic): Set<string> {
  let words = cache.get(topic);
  if (!words) {
    words = contentWords([topic.name, topic.prompt, ...topic.requirements, ...topic.concepts.flatMap((c) => [c.label, ...c.keywords])].join(' '));
    cache.set(topic, words);
  }
  return words;
}
