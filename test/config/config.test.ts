import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, database: { url: undefined, dataDir: './data', poolMax: 20 }, redisUrl: undefined, openai: { apiKey: undefined, model: 'gpt-4o-mini' } });
    expect(config.session).toEqual({ defaultDurationMinutes: 45, maxMessageChars: 60_000, turnLeaseMs: 10_000, timerMinuteMs: 60_000, sweepIntervalMs: 5_000, reconcileIntervalMs: 60_000, deliveryAttempts: 8 });
    // The evaluation lock outlasts every OpenAI attempt (3 x 60 s) with 30 s to spare.
    expect(config.queue).toEqual({ prefix: 'mib', evaluationQueue: 'evaluations', timerQueue: 'session-timers', lockMs: 210_000, stalledIntervalMs: 30_000, shutdownTimeoutMs: 25_000, turnConcurrency: 64, deliveryConcurrency: 32, evaluationConcurrency: 32 });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '', PORT: '' })).toMatchObject({ port: 3000, database: { url: undefined }, redisUrl: undefined });
  });

  it('reads the service URLs', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/x', REDIS_URL: 'redis://cache:6379', OPENAI_BASE_URL: 'http://localhost:11434/v1', PORT: '8080' });
    expect(config).toMatchObject({ port: 8080, database: { url: 'postgres://u@db:5432/x' }, redisUrl: 'redis://cache:6379', openai: { baseUrl: 'http://localhost:11434/v1' } });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ QUEUE_PREFIX: 'has space' }, 'QUEUE_PREFIX'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
  ])('names the bad variable: %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(variable) }));
  });

  it('never echoes a secret value in its error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
  });
});
