import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { ChatDeliveryError } from '../../src/chat/chat-delivery-error.js';
import { InterviewPlatformError } from '../../src/domain/errors.js';

/** "Operation cannot be performed on an archived thread" (locked, or archived by a moderator). */
const ARCHIVED_THREAD = 50083;

/**
 * Discord's refusals as platform errors with a message the user can act on: missing
 * permissions, a thread that was deleted or locked, an interaction that expired. Anything else
 * passes through.
 */
export function fromDiscordError(error: unknown, operation: string): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  const context = { operation, code: error.code, status: error.status };
  switch (error.code) {
    case RESTJSONErrorCodes.MissingPermissions:
    case RESTJSONErrorCodes.MissingAccess:
      return new InterviewPlatformError('COMPONENT_FAILURE', `Discord refused ${operation}: missing permissions`, {
        cause: error,
        context,
        userMessage: "I don't have permission to do that here. Ask an admin to give me View Channel, Send Messages, Create Public Threads and Send Messages in Threads in this channel.",
      });
    case RESTJSONErrorCodes.UnknownChannel:
    case RESTJSONErrorCodes.ThreadLocked:
    case ARCHIVED_THREAD:
      return new InterviewPlatformError('COMPONENT_FAILURE', `Discord refused ${operation}: thread gone or locked`, {
        cause: error,
        context,
        userMessage: 'That interview thread was deleted or locked. Your interview is saved; `/interview status` and `/interview end` still work from the channel.',
      });
    default:
      return error;
  }
}

export function isExpiredInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownInteraction || error.code === RESTJSONErrorCodes.InvalidWebhookToken);
}

/**
 * A failed post as a delivery outcome. discord.js already waits out rate limits and retries
 * 5xx and timeouts (safe with the nonce), so what reaches here has used those up: Discord's
 * refusals (4xx) are for good, a 5xx or timeout may have posted, a rate limit it gave up on did not.
 */
export function asDeliveryError(error: unknown, operation: string): ChatDeliveryError {
  const what = `Discord ${operation}`;
  if (error instanceof RateLimitError) {
    return new ChatDeliveryError('not-sent', `${what}: rate limited`, { retryAfterMs: error.retryAfter, code: 'rate_limited', cause: error });
  }
  if (error instanceof DiscordAPIError) {
    const explained = fromDiscordError(error, operation);
    const userMessage = explained instanceof InterviewPlatformError ? explained.userMessage : undefined;
    return new ChatDeliveryError(error.status >= 500 ? 'unknown' : 'rejected', `${what}: ${error.code} ${error.message}`, { code: String(error.code), cause: error, userMessage });
  }
  if (error instanceof HTTPError) return new ChatDeliveryError(error.status >= 500 ? 'unknown' : 'rejected', `${what}: HTTP ${error.status}`, { code: `http_${error.status}`, cause: error });
  return new ChatDeliveryError('unknown', `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
