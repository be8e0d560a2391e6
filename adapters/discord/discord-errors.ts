import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
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
