import OpenAI from 'openai';
import { InterviewPlatformError } from '../domain/errors.js';

/** An SDK error as a platform error: rate limits keep their meaning, the rest is a component failure. */
export function fromOpenAiError(error: unknown, operation: string): InterviewPlatformError {
  if (error instanceof InterviewPlatformError) return error;
  if (error instanceof OpenAI.RateLimitError) {
    return new InterviewPlatformError('RATE_LIMITED', `OpenAI rate limit during ${operation}`, {
      cause: error,
      userMessage: 'The AI service is rate limiting us right now; please try again in a minute.',
      context: { operation, status: 429 },
    });
  }
  const status = error instanceof OpenAI.APIError ? error.status : undefined;
  const timeout = error instanceof OpenAI.APIConnectionTimeoutError;
  return new InterviewPlatformError('COMPONENT_FAILURE', `OpenAI ${timeout ? 'timed out' : 'failed'} during ${operation}`, {
    cause: error,
    userMessage: 'The AI service did not answer; please try again in a moment.',
    context: { operation, status, timeout },
  });
}
