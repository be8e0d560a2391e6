import { describe, expect, it } from 'vitest';
import { RUBRIC, scoreOverall } from '../../../src/evaluation/rubric/rubric.js';

const all = (score: number) => Object.fromEntries(RUBRIC.dimensions.map((d) => [d.id, score]));

describe('rubric scoring', () => {
  it('has the seven weighted dimensions with anchors for 1-4', () => {
    expect(RUBRIC.dimensions.map((d) => d.id)).toEqual(['requirements', 'estimation', 'api-data-model', 'high-level-design', 'deep-dive-scalability', 'tradeoffs-reliability', 'communication']);
    for (const d of RUBRIC.dimensions) expect(Object.keys(d.anchors)).toEqual(['1', '2', '3', '4']);
  });

  it('rescales 1-4 to 0-100 with weights', () => {
    expect(scoreOverall(all(1)).overall).toBe(0);
    expect(scoreOverall(all(4)).overall).toBe(100);
    expect(scoreOverall(all(3)).overall).toBe(67);
    // High-level design weighs 20 of 100: it alone at 4 is 20 points.
    expect(scoreOverall({ ...all(1), 'high-level-design': 4 }).overall).toBe(20);
  });

  it('bands the score', () => {
    expect(scoreOverall(all(4)).band).toBe('strong_hire');
    expect(scoreOverall(all(3)).band).toBe('hire');
    expect(scoreOverall({ ...all(3), 'high-level-design': 2, 'api-data-model': 2 }).band).toBe('lean_no_hire');
    expect(scoreOverall(all(2)).band).toBe('no_hire');
  });

  it('gives no hire band without any depth or trade-offs, whatever the total', () => {
    const noDepth = scoreOverall({ ...all(4), 'deep-dive-scalability': 1 });
    expect(noDepth.overall).toBeGreaterThanOrEqual(80);
    expect(noDepth.band).toBe('lean_no_hire');
    expect(noDepth.gated).toHaveLength(1);
    expect(scoreOverall({ ...all(4), 'tradeoffs-reliability': 1 }).band).toBe('lean_no_hire');
  });
});
