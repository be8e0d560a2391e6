import { describe, expect, it } from 'vitest';
import { bar } from '../../../../adapters/discord/render/evaluation-embed.js';
import { type DiscordPayload, parseCustomId, renderDiscordMessage } from '../../../../adapters/discord/render/render-discord-message.js';
import type { ActionButton } from '../../../../src/chat/outbound-message.js';
import type { EvaluationReport } from '../../../../src/domain/types.js';
import { RUBRIC } from '../../../../src/evaluation/rubric/rubric.js';
import { allText, assertAllWithinDiscordLimits, completedReport, customIds, longReport } from './support.js';

const retry: ActionButton[] = [{ actionId: 'evaluation.retry', label: 'Retry evaluation', value: 'sess-1', style: 'primary' }];
const render = (report: EvaluationReport = completedReport(), actions?: ActionButton[]): DiscordPayload[] => {
  const payloads = renderDiscordMessage({ kind: 'evaluation', report, topic: 'URL shortener', candidate: 'Ada Lovelace', actions });
  assertAllWithinDiscordLimits(payloads);
  return payloads;
};

describe('evaluation card', () => {
  it('is one embed with the topic, NN/100 and band, coloured by band', () => {
    const payloads = render();
    expect(payloads).toHaveLength(1);
    const embed = payloads[0]?.embeds?.[0];
    expect(embed?.title).toBe('Interview evaluation: URL shortener');
    expect(embed?.description).toMatch(/^\*\*72\/100\*\* · Hire\nCandidate: Ada Lovelace\n\nA solid interview/);
    expect(embed?.color).toBeTypeOf('number');
    expect(render(completedReport({ band: 'no_hire' }))[0]?.embeds?.[0]?.color).not.toBe(embed?.color);
    expect(embed?.timestamp).toBe('2024-05-01T10:00:00.000Z');
  });

  it('has one field per rubric dimension with bar, score, comment and first quote', () => {
    const report = completedReport();
    const fields = render(report)[0]?.embeds?.[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual([...RUBRIC.dimensions.map((d) => d.label), 'Strengths', 'What to improve']);
    const requirements = fields[0]?.value;
    expect(requirements).toBe('■■■□ 3/4\nClarified **core features** and the read-heavy traffic.\n> Do we need custom aliases, and how long do links live?');
    for (const [i, dimension] of report.dimensions.entries()) expect(fields[i]?.value.startsWith(`${bar(dimension.score)} ${dimension.score}/4`)).toBe(true);
    expect(fields.find((f) => f.name === 'Communication')?.value).toContain('■■■■ 4/4');
  });

  it('lists strengths and improvements as bullets', () => {
    const fields = render()[0]?.embeds?.[0]?.fields ?? [];
    expect(fields.at(-2)).toEqual({ name: 'Strengths', value: '• Asked about scale before drawing boxes\n• Clear **API** design' });
    expect(fields.at(-1)).toEqual({ name: 'What to improve', value: '• Quantify the read/write ratio\n• Discuss hot keys in the cache' });
  });

  it('truncates long comments and evidence to fit, keeping every dimension and a quote for each', () => {
    const report = longReport();
    const payloads = render(report, retry);
    const text = allText(payloads);
    expect(text).toContain('72/100');
    for (const dimension of RUBRIC.dimensions) expect(text).toContain(dimension.label);
    for (const i of report.dimensions.keys()) expect(text).toContain(`> Evidence ${i}: we would replicate`);
    expect(text).not.toContain('second quote never shown');
    expect(text).toMatch(/…and \d+ more/);
    expect(customIds(payloads)).toEqual(['evaluation.retry:sess-1']);
    expect(payloads.at(-1)?.components).toHaveLength(1);
  });

  it('says there was not enough to score, with no number even if scores are present', () => {
    const text = allText(render(completedReport({ status: 'insufficient_data', summary: 'Only two short answers were given.' })));
    expect(text).toContain('Not enough to score');
    expect(text).toContain('Only two short answers were given.');
    expect(text).toContain('• Quantify the read/write ratio');
    expect(text).not.toMatch(/\/100|\/4|■/);
  });

  it('shows a failure with its error and how to retry, with its buttons', () => {
    const payloads = render(completedReport({ status: 'failed', overallScore: null, band: null, error: 'The model timed out after 3 tries' }), retry);
    const text = allText(payloads);
    expect(text).toContain('The evaluation failed:** The model timed out after 3 tries');
    expect(text).toContain('`/interview retry-evaluation`');
    expect(text).not.toContain('/100');
    expect(parseCustomId(customIds(payloads)[0] ?? '')).toEqual({ actionId: 'evaluation.retry', value: 'sess-1' });
  });

  it('shows a pending evaluation without a score', () => {
    expect(allText(render(completedReport({ status: 'pending', overallScore: null, band: null })))).toMatch(/being prepared/);
  });

  it('escapes a topic and candidate name that look like markdown', () => {
    const [payload] = renderDiscordMessage({ kind: 'evaluation', report: completedReport(), topic: 'rate_limiter *v2*', candidate: '@everyone', actions: [] });
    expect(payload?.embeds?.[0]?.title).toBe('Interview evaluation: rate\\_limiter \\*v2\\*');
    expect(payload?.embeds?.[0]?.description).toContain('Candidate: @\u200beveryone');
    expect(payload?.components).toBeUndefined();
  });
});
