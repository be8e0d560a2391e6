import { z } from 'zod';
import type { InterviewTemplate } from '../domain/types.js';

// A channel's practice settings, as the core sees them (the repository validates the stored
// JSON into this shape). A channel nobody configured has the defaults: anything goes.

export type TopicPolicy =
  /** Any catalog topic; no topic of the day. */
  | { mode: 'any' }
  /** Any topic may be named; `start` without one (and a scheduled prompt) takes the topic of the day. */
  | { mode: 'rotate'; topicIds: string[] }
  /** Only these topics; `start` without one takes the topic of the day from the list. */
  | { mode: 'fixed'; topicIds: string[] };

export type StarterPolicy = { mode: 'everyone' } | { mode: 'list'; userIds: string[] };

export interface ChannelSettings {
  template: InterviewTemplate | null;
  /** A workspace template's name (`channel template <name>`); present only when set, and then `template` is null. */
  customTemplate?: string;
  durationMinutes: number | null;
  topics: TopicPolicy;
  starters: StarterPolicy;
  /** `drop`: messages from anyone but the candidate in an interview thread are not recorded. */
  observers: 'keep' | 'drop';
}

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  template: null,
  durationMinutes: null,
  topics: { mode: 'any' },
  starters: { mode: 'everyone' },
  observers: 'keep',
};

const topicIds = z.array(z.string().min(1).max(64)).min(1).max(50);

/** The stored JSON; every field optional so older or partial rows read as defaults. */
export const channelSettingsSchema = z.object({
  template: z.enum(['standard', 'quick', 'deep-dive']).nullable().optional(),
  customTemplate: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/).optional(),
  durationMinutes: z.number().int().min(5).max(180).nullable().optional(),
  topics: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('any') }),
      z.object({ mode: z.literal('rotate'), topicIds }),
      z.object({ mode: z.literal('fixed'), topicIds }),
    ])
    .optional(),
  starters: z
    .discriminatedUnion('mode', [z.object({ mode: z.literal('everyone') }), z.object({ mode: z.literal('list'), userIds: z.array(z.string().min(1).max(64)).min(1).max(100) })])
    .optional(),
  observers: z.enum(['keep', 'drop']).optional(),
});

/** Stored JSON to settings; anything unreadable falls back to the default for that field. */
export function readChannelSettings(json: unknown): ChannelSettings {
  const parsed = channelSettingsSchema.safeParse(json);
  if (!parsed.success) return DEFAULT_CHANNEL_SETTINGS;
  const s = parsed.data;
  return {
    template: s.template ?? null,
    ...(s.customTemplate ? { customTemplate: s.customTemplate } : {}),
    durationMinutes: s.durationMinutes ?? null,
    topics: s.topics ?? DEFAULT_CHANNEL_SETTINGS.topics,
    starters: s.starters ?? DEFAULT_CHANNEL_SETTINGS.starters,
    observers: s.observers ?? 'keep',
  };
}

const DAY_MS = 24 * 3600_000;

/**
 * The topic of the day from a list: `list[utcDayNumber % length]`, the same for everyone in the
 * channel all (UTC) day, moving one step each day.
 */
export function topicOfTheDay(topicIds: readonly string[], at: Date): string {
  const day = Math.floor(at.getTime() / DAY_MS);
  return topicIds[day % topicIds.length]!;
}
