import { z } from 'zod';
import { InterviewPlatformError } from '../domain/errors.js';

// The one place environment variables are interpreted; entry points hand their environment to
// loadConfig. Empty strings count as unset, as in most .env files.
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalUrl = (protocols: RegExp) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine((v) => URL.canParse(v) && protocols.test(new URL(v).protocol), {
        message: `must be a URL starting with ${protocols.source.replace(/[\\^$()]/g, '').replace(/\|/g, ' or ')}`,
      })
      .optional(),
  );
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? fallback : Number(v)),
    z
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be a whole number from ${min} to ${max}` })
      .max(max, { error: `must be a whole number from ${min} to ${max}` }),
  );

const EnvSchema = z.object({
  NODE_ENV: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['development', 'production', 'test']).default('development')),
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  PORT: intInRange(0, 65535, 3000),
  DATABASE_URL: optionalUrl(/^(postgres|postgresql):$/),
  DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./data')),
  DB_POOL_MAX: intInRange(1, 200, 20),
  // false where a migrate job runs before the replicas (compose): they wait for the schema instead.
  MIGRATE_ON_START: z.preprocess((v) => (v === '' || v === undefined ? 'true' : String(v).toLowerCase()), z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' })),
  REDIS_URL: optionalUrl(/^(redis|rediss):$/),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl(/^(http|https):$/),
  OPENAI_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('gpt-4o-mini')),
  // Below the evaluation job's lock duration, so a slow but healthy call is never taken as stalled.
  OPENAI_TIMEOUT_MS: intInRange(1_000, 600_000, 60_000),
  /** How often running sessions' timers and the schedules are put back in the queue if missing. */
  RECONCILE_INTERVAL_MS: intInRange(1_000, 3_600_000, 60_000),
  /** The interviewer gives up when a reply has not started by then (well under OPENAI_TIMEOUT_MS). */
  OPENAI_FIRST_TOKEN_TIMEOUT_MS: intInRange(1_000, 600_000, 20_000),
  OPENAI_MAX_RETRIES: intInRange(0, 10, 2),
  /** Whiteboard images go to this vision-capable model; unset: the interviewer says it cannot read images. */
  OPENAI_VISION_MODEL: optionalString,
  /** Voice messages are transcribed with this model (`audio.transcriptions`); needs OPENAI_API_KEY. */
  OPENAI_TRANSCRIBE_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('whisper-1')),
  VOICE_MAX_MB: intInRange(1, 25, 25),
  VOICE_MAX_SECONDS: intInRange(5, 3_600, 300),
  /** A whiteboard image read for the vision model (Slack: downloaded and sent inline) is at most this big. */
  WHITEBOARD_MAX_IMAGE_MB: intInRange(1, 20, 5),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalUrl(/^(http|https):$/),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: optionalUrl(/^(http|https):$/),
  DISCORD_GUILD_ID: optionalString,
  // Gateway shards in all, shared by the bot processes through Redis (adapters/discord/shard-claims.ts);
  // a number every replica agrees on (Discord's recommendation changes over time, so no "auto").
  // Unset: one unsharded connection per bot process, for a single bot process.
  DISCORD_SHARDS: z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number({ error: 'must be a whole number from 1 to 1024' }).int().min(1).max(1024).optional()),
  /** How long a dead bot process keeps its Discord shards before another takes them over. */
  DISCORD_SHARD_LEASE_MS: intInRange(1_000, 300_000, 15_000),
  QUEUE_PREFIX: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9:_{}-]+$/).default('mib')),
  EVALUATION_QUEUE: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9_-]+$/).default('evaluations')),
  TIMER_QUEUE: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9_-]+$/).default('session-timers')),
  // Unset: long enough for the slowest healthy evaluation (all OpenAI attempts) plus margin.
  QUEUE_LOCK_MS: z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number().int().min(1_000).max(3_600_000).optional()),
  QUEUE_STALLED_INTERVAL_MS: intInRange(500, 600_000, 30_000),
  SHUTDOWN_TIMEOUT_MS: intInRange(1_000, 600_000, 25_000),
  // Real milliseconds per interview minute for session timers; tests shrink it.
  TIMER_MINUTE_MS: intInRange(10, 60_000, 60_000),
  DEFAULT_DURATION_MINUTES: intInRange(5, 180, 45),
  MAX_MESSAGE_CHARS: intInRange(100, 200_000, 60_000),
  // A worker holds a session's turn (or delivery) lease while it works, renewing it every third
  // of this; a crashed worker frees the session after at most this long.
  TURN_LEASE_SECONDS: intInRange(2, 600, 10),
  // How often workers look for turns and posts left behind (a crash, a lost enqueue).
  SWEEP_INTERVAL_MS: intInRange(100, 600_000, 5_000),
  // Attempts to post one message before the candidate is told it is delayed.
  DELIVERY_ATTEMPTS: intInRange(1, 50, 8),
  // Turns (LLM calls) and posts in flight per worker process.
  TURN_CONCURRENCY: intInRange(1, 1_000, 64),
  DELIVERY_CONCURRENCY: intInRange(1, 1_000, 32),
  /** Evaluations at once per worker: they wait seconds on the LLM, so many fit on one worker. */
  EVALUATION_CONCURRENCY: intInRange(1, 1_000, 32),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  port: number;
  database: { url?: string; dataDir: string; poolMax: number; migrateOnStart: boolean };
  redisUrl?: string;
  openai: { apiKey?: string; baseUrl?: string; model: string; timeoutMs: number; firstTokenTimeoutMs: number; maxRetries: number; visionModel?: string; transcribeModel: string };
  /** Whiteboard images and voice messages (src/attachments). */
  attachments: { voiceMaxBytes: number; voiceMaxSeconds: number; imageMaxBytes: number };
  slack: { botToken?: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  discord: { token?: string; applicationId?: string; apiUrl?: string; guildId?: string; shards?: number; shardLeaseMs: number };
  session: { defaultDurationMinutes: number; maxMessageChars: number; turnLeaseMs: number; timerMinuteMs: number; sweepIntervalMs: number; reconcileIntervalMs: number; deliveryAttempts: number };
  queue: {
    prefix: string;
    evaluationQueue: string;
    timerQueue: string;
    lockMs: number;
    stalledIntervalMs: number;
    shutdownTimeoutMs: number;
    turnConcurrency: number;
    deliveryConcurrency: number;
    evaluationConcurrency: number;
  };
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new InterviewPlatformError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}`, {
      context: { variables: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new InterviewPlatformError(
      'CONFIG_INVALID',
      'Invalid configuration: SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set',
      { context: { variables: ['SLACK_SIGNING_SECRET'] } },
    );
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, poolMax: e.DB_POOL_MAX, migrateOnStart: e.MIGRATE_ON_START === 'true' || e.MIGRATE_ON_START === '1' },
    redisUrl: e.REDIS_URL,
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS, firstTokenTimeoutMs: Math.min(e.OPENAI_FIRST_TOKEN_TIMEOUT_MS, e.OPENAI_TIMEOUT_MS), maxRetries: e.OPENAI_MAX_RETRIES, visionModel: e.OPENAI_VISION_MODEL, transcribeModel: e.OPENAI_TRANSCRIBE_MODEL },
    attachments: { voiceMaxBytes: e.VOICE_MAX_MB * 1024 * 1024, voiceMaxSeconds: e.VOICE_MAX_SECONDS, imageMaxBytes: e.WHITEBOARD_MAX_IMAGE_MB * 1024 * 1024 },
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    discord: { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL, guildId: e.DISCORD_GUILD_ID, shards: e.DISCORD_SHARDS, shardLeaseMs: e.DISCORD_SHARD_LEASE_MS },
    session: {
      defaultDurationMinutes: e.DEFAULT_DURATION_MINUTES,
      maxMessageChars: e.MAX_MESSAGE_CHARS,
      turnLeaseMs: e.TURN_LEASE_SECONDS * 1000,
      timerMinuteMs: e.TIMER_MINUTE_MS,
      sweepIntervalMs: e.SWEEP_INTERVAL_MS,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      deliveryAttempts: e.DELIVERY_ATTEMPTS,
    },
    queue: {
      prefix: e.QUEUE_PREFIX,
      evaluationQueue: e.EVALUATION_QUEUE,
      timerQueue: e.TIMER_QUEUE,
      lockMs: e.QUEUE_LOCK_MS ?? e.OPENAI_TIMEOUT_MS * (e.OPENAI_MAX_RETRIES + 1) + 30_000,
      stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      turnConcurrency: e.TURN_CONCURRENCY,
      deliveryConcurrency: e.DELIVERY_CONCURRENCY,
      evaluationConcurrency: e.EVALUATION_CONCURRENCY,
    },
  };
}
