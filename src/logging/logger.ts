import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Secrets and resume text never reach the logs, wherever a caller nests them.
const REDACTED_KEYS = ['resumeData', 'resume_data', 'resumeText', 'resume_text', 'token', 'botToken', 'appToken',
  'apiKey', 'api_key', 'signingSecret', 'authorization', 'password', 'databaseUrl', 'redisUrl'];
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/**
 * JSON logs in the spec's shape: timestamp, level, component, operation, message, session_id,
 * metadata. Call sites pass `{ operation, session_id, metadata }` and a message; `error` holds an
 * error with its stack.
 */
export function createLogger(options: { level: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      messageKey: 'message',
      errorKey: 'error',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
      serializers: { error: stdSerializers.err, err: stdSerializers.err },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}
