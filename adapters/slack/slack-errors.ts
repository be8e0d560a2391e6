import { ChatDeliveryError } from '../../src/chat/chat-delivery-error.js';

// Slack errors that mean "try again": the request may or may not have been carried out.
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
// Connection errors before anything reached Slack.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const HINTS: Record<string, string> = {
  not_in_channel: "I'm not in this channel: invite me with `/invite @interview-bot`, then try again.",
  channel_not_found: "I can't see this channel: invite me with `/invite @interview-bot`, then try again.",
  is_archived: 'This channel is archived, so I cannot post in it.',
  restricted_action: 'This workspace does not let me post here.',
};

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  original?: { code?: string; message?: string };
  message?: string;
}

/**
 * A Web API failure as a delivery outcome. The WebClient is set to retry nothing and to reject
 * rate-limited calls, so every failure lands here: a 429 was not processed (wait Retry-After),
 * a 5xx or a timeout may have posted (reconcile), a connection refused did not, and Slack's
 * own refusals (channel gone, not a member) are for good.
 */
export function classifySlackError(error: unknown, operation: string): ChatDeliveryError {
  const e = (error ?? {}) as SlackErrorShape;
  const what = `Slack ${operation}`;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new ChatDeliveryError('not-sent', `${what}: rate limited for ${e.retryAfter}s`, {
        retryAfterMs: Math.max(0, (e.retryAfter ?? 1) * 1000),
        code: 'ratelimited',
        cause: error,
        userMessage: 'Slack is busy right now (rate limited). Try again in a few seconds.',
      });
    case 'slack_webapi_http_error':
      return new ChatDeliveryError((e.statusCode ?? 500) >= 500 ? 'unknown' : 'rejected', `${what}: HTTP ${e.statusCode}`, { code: `http_${e.statusCode}`, cause: error });
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      const outcome = code === 'ratelimited' ? 'not-sent' : TRANSIENT.has(code) ? 'unknown' : 'rejected';
      return new ChatDeliveryError(outcome, `${what}: ${code}`, { code, cause: error, userMessage: HINTS[code] });
    }
    case 'slack_webapi_request_error': {
      const code = e.original?.code ?? 'request_error';
      return new ChatDeliveryError(NOT_CONNECTED.has(code) ? 'not-sent' : 'unknown', `${what}: ${code}`, { code, cause: error });
    }
    default:
      return new ChatDeliveryError('unknown', `${what}: ${e.message ?? String(error)}`, { cause: error });
  }
}

export async function fromSlackError<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifySlackError(error, operation);
  }
}
