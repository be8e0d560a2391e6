import OpenAI from 'openai';
import { InterviewPlatformError } from '../domain/errors.js';

/** Where the AI service is, for messages that say which setting to check. */
export interface AiServiceInfo {
  baseUrl?: string;
  model?: string;
}

/**
 * An SDK error as a platform error, told as it is: a rejected key or an unknown model is a
 * misconfiguration (said so, naming the setting), an unreachable server names OPENAI_BASE_URL,
 * a rate limit or a slow answer is temporary. Retries (the jobs') apply to all of them.
 */
export function fromOpenAiError(error: unknown, operation: string, info: AiServiceInfo = {}): InterviewPlatformError {
  if (error instanceof InterviewPlatformError) return error;
  const where = info.baseUrl ?? 'api.openai.com';
  const fail = (code: 'RATE_LIMITED' | 'COMPONENT_FAILURE' | 'TIMEOUT', message: string, userMessage: string, status?: number) =>
    new InterviewPlatformError(code, `OpenAI ${message} during ${operation}`, { cause: error, userMessage, context: { operation, status } });
  if (error instanceof OpenAI.RateLimitError) return fail('RATE_LIMITED', 'rate limit', 'The AI service is rate limiting us right now; please try again in a minute.', 429);
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return fail('COMPONENT_FAILURE', 'rejected the key', `The interviewer is misconfigured: the AI service at ${where} rejected its key (OPENAI_API_KEY). Tell whoever runs the bot.`, error.status);
  }
  if (error instanceof OpenAI.NotFoundError) {
    return fail('COMPONENT_FAILURE', 'not found', `The interviewer is misconfigured: the AI service at ${where} does not know model "${info.model ?? '?'}" or this URL (OPENAI_MODEL, OPENAI_BASE_URL). Tell whoever runs the bot.`, 404);
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return fail('TIMEOUT', 'timed out', 'The AI service did not answer in time; please try again in a moment.');
  if (error instanceof OpenAI.APIConnectionError) {
    return fail('COMPONENT_FAILURE', 'unreachable', `The interviewer cannot reach its AI service at ${where} (OPENAI_BASE_URL): it is down or misconfigured.`);
  }
  const status = error instanceof OpenAI.APIError ? error.status : undefined;
  return fail('COMPONENT_FAILURE', 'failed', 'The AI service failed to answer; please try again in a moment.', status);
}

/** No first token within the limit: the server accepted the request and said nothing. */
export function firstTokenTimeout(operation: string, timeoutMs: number, info: AiServiceInfo = {}): InterviewPlatformError {
  const seconds = Math.round(timeoutMs / 1000);
  return new InterviewPlatformError('TIMEOUT', `OpenAI sent nothing within ${timeoutMs} ms during ${operation}`, {
    userMessage: `The interviewer did not start answering within ${seconds} s: the AI service at ${info.baseUrl ?? 'api.openai.com'} is not responding (OPENAI_BASE_URL, OPENAI_FIRST_TOKEN_TIMEOUT_MS). Try again later.`,
    context: { operation, timeout_ms: timeoutMs },
  });
}

/**
 * A cheap first request at start-up (list models): null when the service answers, else a
 * warning naming the setting to fix. The bot still starts; users are told the same on failure.
 */
export async function probeOpenAi(client: OpenAI, info: AiServiceInfo, timeoutMs = 5_000): Promise<string | null> {
  try {
    await client.models.list({ timeout: timeoutMs, maxRetries: 0 });
    return null;
  } catch (error) {
    if (error instanceof OpenAI.NotFoundError) return null; // Some compatible servers have no /models.
    return fromOpenAiError(error, 'startup_check', info).userMessage;
  }
}
