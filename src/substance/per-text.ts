import { LRUCache } from 'lru-cache';

/**
 * A reader of a text (numbers, rates) remembered for the last few texts: one reply reads the
 * same answer from several places (the flags, the estimate checks, the scale check), and a
 * message of the largest size is read once, not five times. Callers get their own array (an
 * object result is shared: read it, do not change it).
 */
export function perText<T extends object>(read: (text: string) => T): (text: string) => T {
  const cache = new LRUCache<string, T>({ max: 32 });
  return (text) => {
    // Short texts (a clause between two numbers, say) are cheap to read and would only crowd out the answers.
    if (text.length < 200) return read(text);
    let found = cache.get(text);
    if (!found) {
      found = read(text);
      cache.set(text, found);
    }
    return (Array.isArray(found) ? found.slice() : found) as T;
  };
}
