import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { evaluationBlocks } from '../../../../adapters/slack/render/evaluation-blocks.js';
import { renderSlackMessage } from '../../../../adapters/slack/render/render-slack-message.js';
import type { DimensionScore } from '../../../../src/domain/types.js';
import { RUBRIC } from '../../../../src/evaluation/rubric/rubric.js';
import { allText, blockTexts, completedReport, expectWithinSlackLimits, expectWordsInOrder } from './support.js';

const render = (report = completedReport(), actions?: Parameters<typeof evaluationBlocks>[0]['actions']) =>
  renderSlackMessage({ kind: 'evaluation', report, topic: 'URL shortener', candidate: 'Ada Lovelace', actions });

describe('evaluation card', () => {
  it('shows the score as NN/100 with the band, and the topic in the header', () => {
    const messages = render();
    expect(messages).toHaveLength(1);
    const text = allText(messages);
    expect(messages[0]?.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Interview evaluation: URL shortener' } });
    expect(text).toContain('*72/100* · Hire');
    expect(messages[0]?.text).toBe('Evaluation: 72/100 (Hire)');
    expectWithinSlackLimits(messages);
  });

  it('shows every rubric dimension with its label, score, bar and evidence quote', () => {
    const report = completedReport();
    const text = allText(render(report));
    for (const dimension of RUBRIC.dimensions) {
      const scored = report.dimensions.find((d) => d.dimension === dimension.id) as DimensionScore;
      expect(text).toContain(`*${dimension.label}*`);
      expect(text).toContain(`*${scored.score}/4*`);
      for (const quote of scored.evidence) expect(text).toContain(`> ${quote}`);
    }
    expect(text).toContain('■■■□  *3/4*');
    expect(text).toContain('■■■■  *4/4*');
  });

  it('lists strengths and improvements and puts the summary in context', () => {
    const messages = render();
    const blocks = messages[0]?.blocks ?? [];
    const text = allText(messages);
    expect(text).toContain('*Strengths*\n• Asked about scale before drawing boxes\n• Clear *API* design');
    expect(text).toContain('*What to improve*\n• Quantify the read/write ratio');
    const context = blocks.find((b) => b.type === 'context');
    expect(blockTexts(context ? [context] : [])).toEqual(['A solid interview: good scoping and a sound design, with room for more depth.']);
  });

  it('renders actions as buttons', () => {
    const messages = render(completedReport(), [{ actionId: 'evaluation.retry', label: 'Re-run', value: 'sess-1' }]);
    const actions = messages.at(-1)?.blocks.at(-1);
    expect(actions).toMatchObject({ type: 'actions', elements: [{ type: 'button', action_id: 'evaluation_retry', value: 'sess-1', text: { text: 'Re-run' } }] });
  });

  it('says there was not enough to score, with no number', () => {
    const report = completedReport({ status: 'insufficient_data', overallScore: null, band: null, dimensions: [], strengths: [], summary: 'Only two short answers were given.' });
    const messages = render(report);
    const text = allText(messages);
    expect(text).toContain('Not enough to score');
    expect(text).toContain('Only two short answers were given.');
    expect(text).toContain('• Quantify the read/write ratio');
    expect(text).not.toContain('/100');
    expect(messages[0]?.text).not.toContain('/100');
    expectWithinSlackLimits(messages);
  });

  it('has no number even if an insufficient report carries scores', () => {
    expect(allText(render(completedReport({ status: 'insufficient_data' })))).not.toMatch(/\/100|\/4/);
  });

  it('shows a failure with its error and that a retry is possible', () => {
    const messages = render(completedReport({ status: 'failed', overallScore: null, band: null, error: 'The model timed out <after 3 tries>' }), [
      { actionId: 'evaluation.retry', label: 'Retry', value: 'sess-1', style: 'primary' },
    ]);
    const text = allText(messages);
    expect(text).toContain('The model timed out &lt;after 3 tries&gt;');
    expect(text).toMatch(/retry is possible/);
    expect(messages[0]?.text).toMatch(/failed/i);
    expect(messages[0]?.blocks.some((b: KnownBlock) => b.type === 'actions')).toBe(true);
  });

  it('splits 60 dimensions of long content under the limits, losing nothing', () => {
    const comment = 'The candidate explained the partitioning scheme and its rebalancing cost in detail. '.repeat(30);
    const dimensions: DimensionScore[] = Array.from({ length: 60 }, (_, i) => ({
      dimension: `custom-${i}`,
      score: (i % 4) + 1,
      weight: 1,
      evidence: [`Quote ${i}: we replicate each shard three times across zones`],
      comment: `${comment}End of comment ${i}.`,
    }));
    const messages = render(completedReport({ dimensions }));
    expect(messages.length).toBeGreaterThan(1);
    expectWithinSlackLimits(messages);
    const text = allText(messages);
    for (const d of dimensions) expect(text).toContain(`> ${d.evidence[0]}`);
    expectWordsInOrder(dimensions.map((d) => `${d.dimension} ${d.comment}`).join(' '), text);
    // A dimension's score and its comment stay together: each continuation opens with a score row.
    for (const message of messages.slice(1)) expect(message.blocks[0]).toMatchObject({ type: 'section', fields: expect.any(Array) });
  });
});
