import { describe, expect, it } from 'vitest';
import { PHASES } from '../../../src/interviewer/catalog/catalog-schema.js';
import { TEMPLATES } from '../../../src/interviewer/catalog/templates.js';
import { TopicCatalog } from '../../../src/interviewer/catalog/topic-catalog.js';

const catalog = new TopicCatalog();

describe('TopicCatalog', () => {
  it('holds at least 12 valid topics, each covering every phase but wrap-up', () => {
    expect(catalog.topics.length).toBeGreaterThanOrEqual(12);
    for (const topic of catalog.topics) {
      const phases = new Set(topic.concepts.map((c) => c.phase));
      for (const phase of PHASES.filter((p) => p !== 'wrap-up')) expect(phases, `${topic.id} lacks ${phase}`).toContain(phase);
      expect(topic.deepDiveProbes.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('has no alias shared by two topics', () => {
    const seen = new Map<string, string>();
    for (const topic of catalog.topics) {
      for (const alias of topic.aliases.map((a) => a.toLowerCase())) {
        expect(seen.get(alias), `alias "${alias}"`).toBeUndefined();
        seen.set(alias, topic.id);
      }
    }
  });

  it.each([
    ['url shortener', 'url-shortener'],
    ['url shortner', 'url-shortener'],
    ['URL Shortener', 'url-shortener'],
    ['tinyurl', 'url-shortener'],
    ['rate limitr', 'rate-limiter'],
    ['news-feed', 'news-feed'],
    ['chat system', 'chat-system'],
    ['whatsapp', 'chat-system'],
    ['uber', 'ride-hailing'],
    ['typeahead', 'search-autocomplete'],
  ])('matches "%s" to %s', (text, id) => {
    const match = catalog.match(text);
    expect(match.kind).toBe('found');
    expect(match.kind === 'found' && match.topic.id).toBe(id);
  });

  it('offers choices when nothing matches', () => {
    const match = catalog.match('quantum blockchain toaster');
    expect(match.kind).toBe('none');
    expect(match.kind === 'none' && match.suggestions.length).toBeGreaterThan(0);
  });

  it('templates give phase shares that sum to 1 and the documented lengths', () => {
    for (const template of Object.values(TEMPLATES)) {
      expect(Object.values(template.phaseShares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect([TEMPLATES.standard.defaultMinutes, TEMPLATES.quick.defaultMinutes, TEMPLATES['deep-dive'].defaultMinutes]).toEqual([45, 30, 60]);
  });
});

describe('TopicCatalog filler words', () => {
  it.each([
    ['design a url shortener', 'url-shortener'],
    ['token bucket rate limiter', 'rate-limiter'],
    ['distributed unique id generator', 'unique-id-generator'],
    ['twitter clone', 'news-feed'],
  ])('matches "%s" to %s', (text, id) => {
    const match = catalog.match(text);
    expect(match.kind === 'found' && match.topic.id).toBe(id);
  });
});
