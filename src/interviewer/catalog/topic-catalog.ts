import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { InterviewPlatformError } from '../../domain/errors.js';
import { TopicSchema, type Topic } from './catalog-schema.js';

const TOPICS_DIR = join(import.meta.dirname, 'topics');

/** Reads and validates every topic file once; a broken file stops start-up with its name. */
function loadTopics(dir: string): Topic[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = TopicSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) {
        throw new InterviewPlatformError('CONFIG_INVALID', `Topic file ${file} is invalid: ${parsed.error.message}`);
      }
      return parsed.data;
    });
}

const FILLER = /\b(design|build|a|an|the|system|service|clone|app|application|like|for|distributed|scalable)\b/g;

export type TopicMatch = { kind: 'found'; topic: Topic } | { kind: 'none'; suggestions: Topic[] };

/** The catalog of interview topics, and free-text lookup that forgives typos ("url shortner"). */
export class TopicCatalog {
  private readonly byId: Map<string, Topic>;
  private readonly names: { topic: Topic; name: string }[];
  private readonly fuse: Fuse<{ topic: Topic; name: string }>;

  constructor(readonly topics: Topic[] = loadTopics(TOPICS_DIR)) {
    this.byId = new Map(topics.map((t) => [t.id, t]));
    this.names = topics.flatMap((topic) => [topic.name, topic.id.replace(/-/g, ' '), ...topic.aliases].map((name) => ({ topic, name: name.toLowerCase() })));
    this.fuse = new Fuse(this.names, { keys: ['name'], includeScore: true, threshold: 0.4, ignoreLocation: true });
  }

  get(id: string): Topic | undefined {
    return this.byId.get(id);
  }

  match(text: string): TopicMatch {
    // A topic is a few words: a long text is cut before matching, so it cannot keep the event loop.
    const query = text.slice(0, 120).toLowerCase().replace(/[^a-z0-9. ]+/g, ' ').replace(/\s+/g, ' ').trim();
    if (!query) return { kind: 'none', suggestions: this.topics };
    // "design a chat app", "twitter clone": the filler says nothing about which topic.
    const core = query.replace(FILLER, ' ').replace(/\s+/g, ' ').trim() || query;
    for (const candidate of [query, core]) {
      const exact = this.byId.get(candidate.replace(/ /g, '-')) ?? this.topics.find((t) => t.name.toLowerCase() === candidate || t.aliases.includes(candidate));
      if (exact) return { kind: 'found', topic: exact };
    }
    // A known name inside a longer phrase ("token bucket rate limiter"): the longest one wins.
    const contained = this.names
      .filter(({ name }) => name.length >= 4 && ` ${query} `.includes(` ${name} `))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (contained) return { kind: 'found', topic: contained.topic };
    // Fuzzy search costs grow with the pattern (Fuse's bitap works in 32-character pieces): a
    // topic name is short, so only the first 32 characters (one piece) of what is left are searched, once.
    const results = this.fuse.search(core.slice(0, 32));
    const best = results[0];
    if (best && (best.score ?? 1) <= 0.35) return { kind: 'found', topic: best.item.topic };
    const suggestions = [...new Set(results.slice(0, 5).map((r) => r.item.topic))];
    return { kind: 'none', suggestions: suggestions.length ? suggestions : this.topics };
  }
}
