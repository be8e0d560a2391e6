import { describe, expect, it } from 'vitest';
import { ChatDeliveryError } from '../../src/chat/chat-delivery-error.js';
import type { EvaluationReport } from '../../src/domain/types.js';
import { attemptDelivery } from '../../src/delivery/attempt-delivery.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import { evaluationPicture } from '../../src/delivery/evaluation-picture.js';
import { memoryLogger } from '../support/memory-log.js';
import { pngSize } from '../support/png.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';

const SESSION = '7b0d3c52-2f8e-4a63-9a0e-2d4f0b6c1e11';
const report = (over: Partial<EvaluationReport> = {}): EvaluationReport => ({
  sessionId: SESSION,
  status: 'completed',
  overallScore: 72,
  band: 'hire',
  dimensions: [
    { dimension: 'requirements', score: 3, weight: 15, evidence: [], comment: '' },
    { dimension: 'communication', score: 4, weight: 10, evidence: [], comment: '' },
    { dimension: 'estimation', score: 2, weight: 10, evidence: [], comment: '' },
  ],
  strengths: [],
  improvements: [],
  summary: '',
  error: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});
const card = (r: EvaluationReport, over: Partial<Delivery> = {}): Delivery => ({
  ref: { sessionId: SESSION, platform: 'slack', workspaceId: 'T1', seq: 9 },
  target: { platform: 'slack', workspaceId: 'T1', channelId: 'C1', threadId: '1.2' },
  kind: 'evaluation',
  message: { kind: 'evaluation', report: r, topic: 'URL shortener', candidate: 'ana' },
  messageSeq: null,
  key: `${SESSION}:evaluation`,
  attempts: 0,
  outcomeUnknown: false,
  placeholderId: null,
  notifyUserId: null,
  ...over,
});

describe("the evaluation card's picture", () => {
  it('is a PNG of the dimensions in rubric order, named after the session, with alt text', async () => {
    const picture = (await evaluationPicture(card(report())))!;
    expect(picture.name).toBe(`${SESSION}-dimensions.png`);
    expect(picture.mimeType).toBe('image/png');
    expect(picture.title).toBe('Scores by dimension: URL shortener');
    expect(picture.altText).toBe('Bar chart of the scores by dimension, out of 4: Requirements 3, Estimation 2, Communication 4.');
    expect(pngSize(picture.content as Buffer)).toEqual({ width: 1200, height: (92 + 46 * 3 + 48) * 1.5 });
  });

  it('is not drawn for other deliveries or a card without scores', async () => {
    expect(await evaluationPicture(card(report({ status: 'insufficient_data', overallScore: null, band: null, dimensions: [] })))).toBeNull();
    expect(await evaluationPicture({ ...card(report()), kind: 'reply', message: { kind: 'question', text: 'Why?' } })).toBeNull();
  });

  it('is uploaded after the card with a key of its own, and looked for first when an earlier attempt may have uploaded it', async () => {
    const port = new RecordingChatPort();
    expect(await attemptDelivery(port, card(report()))).toEqual({ messageId: 'm1' });
    expect(port.files.map((f) => [f.name, f.options])).toEqual([[`${SESSION}-dimensions.png`, { idempotencyKey: `${SESSION}:evaluation:picture`, reconcile: false }]]);
    await attemptDelivery(port, card(report(), { outcomeUnknown: true }));
    expect(port.files[1]!.options).toEqual({ idempotencyKey: `${SESSION}:evaluation:picture`, reconcile: true });
  });

  it('an upload that may pass fails the attempt with an unknown outcome (the card is reconciled next time); a refusal or no permission leaves the card without it and warns', async () => {
    const logs = memoryLogger();
    const port = new RecordingChatPort();
    port.uploadFile = async () => {
      throw new ChatDeliveryError('not-sent', 'Slack upload file: rate limited for 3s', { retryAfterMs: 3000, code: 'ratelimited' });
    };
    const limited = await attemptDelivery(port, card(report()), logs.logger);
    expect(limited).toMatchObject({ outcomeUnknown: true, failure: { details: { retryAfterMs: 3000 } } });
    port.uploadFile = async () => {
      throw new ChatDeliveryError('rejected', 'Slack upload file: file_too_large', { code: 'file_too_large' });
    };
    expect(await attemptDelivery(port, card(report()), logs.logger)).toEqual({ messageId: 'm2' });
    const refused = new RecordingChatPort();
    refused.uploadRefusal = 'missing_scope';
    expect(await attemptDelivery(refused, card(report()), logs.logger)).toEqual({ messageId: 'm1' });
    const warnings = logs.lines().filter((l) => l.level === 'WARN');
    expect(warnings.map((w) => (w.metadata as { code: string }).code)).toEqual(['file_too_large', 'missing_scope']);
    expect(String(warnings[1]!.message)).toBe('Evaluation card posted without its picture: the bot lacks the files:write scope (missing_scope)');
  });
});
