import { InterviewPlatformError } from '../domain/errors.js';

// Start-up says what to fix, naming the variable, in one line; the stack goes to the log only.

/** host:port/database of a URL, without credentials. */
export function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}

export function networkReason(error: unknown): string | null {
  const codes = [error, ...((error as AggregateError)?.errors ?? [])].map((e) => (e as NodeJS.ErrnoException)?.code);
  const message = String((error as Error)?.message ?? '');
  if (codes.includes('ECONNREFUSED')) return 'connection refused (is it running?)';
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'host not found';
  if (codes.includes('ETIMEDOUT') || /timeout|timed out/i.test(message)) return 'timed out';
  if (codes.includes('ECONNRESET')) return 'connection reset';
  if (/connection terminated/i.test(message)) return 'no answer (the connection timed out or was dropped)';
  return null;
}

/** A failure opening or migrating Postgres, as one line naming DATABASE_URL; null when it is something else. */
export function explainDatabaseError(wrapped: unknown, url: string | undefined): InterviewPlatformError | null {
  if (!url) return null;
  // The migrator wraps the driver's error: judge the innermost one.
  let error = wrapped;
  while ((error as { cause?: unknown })?.cause) error = (error as { cause: unknown }).cause;
  const code = (error as { code?: string })?.code;
  const reason =
    networkReason(error) ??
    (code === '28P01' || code === '28000' ? 'the user or password was rejected' : code === '3D000' ? 'the database does not exist' : null);
  if (!reason) return null;
  const line = `Cannot use PostgreSQL at ${addressOf(url)} (DATABASE_URL): ${reason}. Fix DATABASE_URL, or unset it to use the embedded database.`;
  return new InterviewPlatformError('CONFIG_INVALID', line, { cause: error, userMessage: line, context: { variable: 'DATABASE_URL' } });
}

/** Redis must answer a PING before anything relies on the queue: no queue means nothing runs. */
export async function checkRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const { Redis } = await import('ioredis'); // loaded only when Redis is configured
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let first: unknown;
  redis.on('error', (error) => (first ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = networkReason(first) ?? networkReason(error) ?? String((error as Error).message ?? error);
    const line = `Cannot reach Redis at ${addressOf(url)} (REDIS_URL): ${reason}. Start Redis, fix REDIS_URL, or unset it to run the queue in this process.`;
    throw new InterviewPlatformError('CONFIG_INVALID', line, { cause: error, userMessage: line, context: { variable: 'REDIS_URL' } });
  } finally {
    redis.disconnect();
  }
}
