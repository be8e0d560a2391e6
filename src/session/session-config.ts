import { z } from 'zod';
import { InterviewPlatformError } from '../domain/errors.js';
import { COMMUNICATION_MODES, type SessionConfig } from '../domain/types.js';

const SessionConfigSchema = z.object({
  enabledModes: z
    .array(z.enum(COMMUNICATION_MODES as [string, ...string[]]))
    .min(1)
    .refine((modes) => modes.includes('text'), { message: 'text mode is required in a chat interview' })
    .transform((modes) => [...new Set(modes)]),
  aiProvider: z.enum(['openai', 'offline']),
  aiModel: z.string().min(1).max(200),
  resumeData: z
    .object({
      userId: z.string().min(1).max(200).optional(),
      name: z.string().max(200).optional(),
      text: z.string().max(50_000).optional(),
      // What the candidate chose to show in the opening: a plain role and years of experience.
      role: z.string().trim().regex(/^[\p{L}][\p{L} &/+.-]{1,59}$/u, 'a role is a few words, like "backend engineer"').optional(),
      years: z.number().int().min(0).max(60).optional(),
      focusAreas: z.array(z.string().max(60)).max(10).optional(),
    })
    .optional(),
  durationMinutes: z.number().int().min(5).max(180),
  topic: z.string().trim().min(1).max(200).optional(),
  template: z.enum(['standard', 'quick', 'deep-dive']).optional(),
  customTemplate: z
    .object({
      name: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
      durationMinutes: z.number().int().min(5).max(180),
      phaseShares: z.record(z.string(), z.number().int().min(0).max(100)).refine((s) => Object.values(s).reduce((a, b) => a + b, 0) === 100, 'phase shares sum to 100'),
      topics: z.array(z.string().max(100)).max(50),
      strictness: z.enum(['lenient', 'standard', 'strict']),
    })
    .optional(),
});

/** Checks a config from any caller; a bad one is the caller's input error, named field by field. */
export function validateSessionConfig(config: SessionConfig): SessionConfig {
  const parsed = SessionConfigSchema.safeParse(config);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new InterviewPlatformError('INVALID_INPUT', `Invalid session config: ${fields.join('; ')}`, {
      userMessage: `That interview setup is not valid (${fields.join('; ')}).`,
      context: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
    });
  }
  return parsed.data as SessionConfig;
}
