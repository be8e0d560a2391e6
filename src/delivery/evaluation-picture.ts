import { renderDimensionChartPng } from '../charts/chart-png.js';
import { deliveryFailureOf } from '../chat/chat-delivery-error.js';
import type { ChatPort, UploadedFile } from '../chat/chat-port.js';
import { RUBRIC, bandLabel } from '../evaluation/rubric/rubric.js';
import type { Logger } from '../logging/logger.js';
import type { AttemptResult } from './attempt-delivery.js';
import type { Delivery } from './delivery.js';

/**
 * The picture owed with an evaluation card: a bar chart of its dimension scores, drawn from the
 * report stored with the delivery (so every attempt draws the same picture, and nothing but the
 * card is stored). None for other deliveries or a card without scores (insufficient data).
 * A chart that cannot be drawn (the native renderer missing on this platform) is logged and
 * skipped: the card never waits on its picture.
 */
export async function evaluationPicture(delivery: Delivery, logger?: Logger): Promise<UploadedFile | null> {
  const { message } = delivery;
  if (delivery.kind !== 'evaluation' || message.kind !== 'evaluation') return null;
  const { report, topic } = message;
  if (report.status !== 'completed' || report.overallScore === null || report.dimensions.length === 0) return null;
  const byId = new Map(report.dimensions.map((d) => [d.dimension, d.score]));
  const known = RUBRIC.dimensions.filter((d) => byId.has(d.id)).map((d) => ({ label: d.label, score: byId.get(d.id)! }));
  const unknown = report.dimensions.filter((d) => !RUBRIC.dimensions.some((r) => r.id === d.dimension)).map((d) => ({ label: d.dimension, score: d.score }));
  const dimensions = [...known, ...unknown];
  const subtitle = [topic, `${report.overallScore}/100`, report.band ? bandLabel(report.band) : null].filter(Boolean).join(' · ');
  try {
    const { png } = await renderDimensionChartPng({ dimensions, subtitle });
    return {
      name: `${report.sessionId}-dimensions.png`,
      content: png,
      title: topic ? `Scores by dimension: ${topic}` : 'Scores by dimension',
      mimeType: 'image/png',
      altText: `Bar chart of the scores by dimension, out of 4: ${dimensions.map((d) => `${d.label} ${d.score}`).join(', ')}.`,
    };
  } catch (error) {
    logger?.warn({ operation: 'deliver', session_id: report.sessionId, error }, 'Evaluation picture could not be drawn; the card is posted without it');
    return null;
  }
}

/**
 * Uploads the picture after its card was posted (`posted`). Once per card: the upload carries
 * the delivery's key (Discord enforces it as a nonce) and, when an earlier attempt may have
 * uploaded it, the thread is searched for its file name first (Slack). A missing upload
 * permission, or any other refusal for good, leaves the card without its picture and says why
 * in a warning with the platform's code. A failure that may pass (429, 5xx, timeout) fails the
 * attempt with an unknown outcome: the delivery is retried as any post is (after Retry-After,
 * or with backoff), and the retry finds the card already posted and uploads only the picture.
 */
export async function uploadEvaluationPicture(port: ChatPort, delivery: Delivery, picture: UploadedFile, posted: { messageId: string }, logger?: Logger): Promise<AttemptResult> {
  const log = { operation: 'deliver', session_id: delivery.ref.sessionId, metadata: { seq: delivery.ref.seq, platform: delivery.target.platform, file: picture.name } };
  try {
    const result = await port.uploadFile(delivery.target, picture, { idempotencyKey: `${delivery.key}:picture`, reconcile: delivery.outcomeUnknown });
    if (result.status === 'not-permitted') {
      const permission = delivery.target.platform === 'slack' ? 'the files:write scope' : delivery.target.platform === 'discord' ? 'the Attach Files permission' : 'permission to upload';
      logger?.warn({ ...log, metadata: { ...log.metadata, code: result.code } }, `Evaluation card posted without its picture: the bot lacks ${permission} (${result.code})`);
    }
    return posted;
  } catch (error) {
    const failure = deliveryFailureOf(error);
    if (failure.outcome === 'rejected') {
      logger?.warn({ ...log, metadata: { ...log.metadata, code: failure.details.code }, error: failure }, `Evaluation card posted without its picture: the upload was refused (${failure.details.code ?? failure.message})`);
      return posted;
    }
    // The card is posted and the picture still owed: the next attempt reconciles both.
    return { failure, outcomeUnknown: true };
  }
}
