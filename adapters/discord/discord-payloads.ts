import { ApplicationCommandOptionType, MessageType, type CommandInteractionOption } from 'discord.js';
import { z } from 'zod';
import { MAX_PAGE } from '../../src/chat/command-grammar.js';
import { parseHistoryButton } from '../../src/chat/history-button.js';

// Every Discord payload the adapter hands to the core is checked here first. discord.js passes
// ids and text through as it received them, so a forged or broken event (a NUL byte in an id, a
// 10,000-character topic, a number where a string belongs) would otherwise reach the database.
// The schemas describe the normalized values the listeners pass on; their messages are written
// for the person who sees the refusal (interactions answer with them, privately).

/** Discord ids are snowflakes: 17 to 20 decimal digits (64-bit, from 2015 on). */
export const SNOWFLAKE = /^\d{17,20}$/;
/** Discord's own limit for a message (with Nitro; 2,000 without). */
export const MAX_MESSAGE_CHARS = 4_000;
/** A topic is a few words; the core's fuzzy match never sees more than this. */
export const MAX_TOPIC_CHARS = 200;
/** What `/interview show which:` takes as an id (the grammar's own check follows). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEMPLATES = ['standard', 'quick', 'deep-dive'] as const;
const SIMPLE_SUBCOMMANDS = ['pause', 'resume', 'end', 'status', 'topics', 'help', 'retry-evaluation', 'redeliver', 'forget-me'] as const;

/**
 * The message types that are a person writing in the thread: a message, and a reply to one (the
 * "Reply" button, type 19). Both are answers (or notes from an observer). Everything else that
 * can appear in an interview thread is ignored on purpose, because no one typed it as an answer:
 * - 1/2 RecipientAdd/Remove: someone was added to or removed from the thread;
 * - 4 ChannelNameChange: the thread was renamed; 5 ChannelIconChange;
 * - 6 ChannelPinnedMessage: "X pinned a message" (the pinned message itself was already heard);
 * - 7 UserJoin, 8-11 guild boosts, 12 ChannelFollowAdd, 14-17 discovery notices, 22 invite
 *   reminders, 24 AutoModerationAction, 25 role subscriptions, 26 premium upsells, 27-31 stage
 *   events, 32 app subscriptions, 36-39 raid/incident alerts, 44 purchases, 46 PollResult:
 *   server notices Discord posts itself;
 * - 18 ThreadCreated (in the parent channel) and 21 ThreadStarterMessage (the first message of a
 *   thread started from a message; it has no content of its own);
 * - 20 ChatInputCommand and 23 ContextMenuCommand: another app's visible answer to a command
 *   (its author is a bot, which is skipped anyway);
 * - 3 Call: DMs only.
 * Of what a 0/19 message carries besides text, image and audio attachments (a voice message
 * included) are read by reference for the whiteboard and voice modes; stickers, forwarded
 * snapshots and polls are not. A message with text and another kind of file is an answer (the
 * text); one with nothing readable goes to the core as empty, which tells the candidate
 * privately to type their answer.
 */
export const ANSWER_MESSAGE_TYPES: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

const snowflake = z.string().regex(SNOWFLAKE, 'not a Discord id');
const noNul = (text: string) => !text.includes('\u0000');
/** Counts code points, as Discord does, after a cheap bound on UTF-16 units. */
const withinChars = (max: number) => (text: string) => text.length <= max || (text.length <= 2 * max && [...text].length <= max);

const messageContent = z
  .string()
  .refine(noNul, 'contains a NUL byte')
  .refine(withinChars(MAX_MESSAGE_CHARS), `longer than ${MAX_MESSAGE_CHARS} characters`);

const displayName = z.string().max(100, 'name too long').refine(noNul, 'contains a NUL byte');

/** An attachment by reference (Discord CDN URL, readable without a token). */
export const messageAttachmentSchema = z.object({
  id: snowflake,
  url: z.string().max(2_048).regex(/^https?:\/\/[^\s]+$/, 'not a URL'),
  name: z.string().max(255).refine(noNul, 'contains a NUL byte'),
  contentType: z.string().max(100).nullable(),
  size: z.number().int().min(0),
  /** Set on a voice message's audio. */
  durationSecs: z.number().min(0).max(86_400).nullable(),
});

/** A person's message (or edit) in a thread, as the listener passes it on. */
export const threadMessageSchema = z.object({
  guildId: snowflake,
  /** The thread's parent channel. */
  channelId: snowflake,
  threadId: snowflake,
  messageId: snowflake,
  userId: snowflake,
  displayName,
  content: messageContent,
  attachments: z.array(messageAttachmentSchema).max(10).optional(),
});
export type ThreadMessagePayload = z.infer<typeof threadMessageSchema>;

/** Where an interaction happened and who did it. */
export const interactionPlaceSchema = z.object({
  interactionId: snowflake,
  guildId: snowflake,
  channelId: snowflake,
  /** Set when the interaction came from a thread. */
  parentId: snowflake.nullable(),
  userId: snowflake,
  displayName,
});
export type InteractionPlace = z.infer<typeof interactionPlaceSchema>;

const optionText = (what: string, max: number) =>
  z
    .string(`${what} must be text.`)
    .refine(noNul, `${what} contains a NUL byte; type it again as plain text.`)
    .refine(withinChars(max), `${what} can be at most ${max} characters.`);

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number(`${what} must be a whole number from ${min} to ${max}.`)
    .int(`${what} must be a whole number from ${min} to ${max}.`)
    .min(min, `${what} must be a whole number from ${min} to ${max}.`)
    .max(max, `${what} must be a whole number from ${min} to ${max}.`);

const whichMessage = `\`which\` is the number \`/interview history\` gives an interview (1 to ${MAX_PAGE}) or an interview id.`;

/** `/interview <subcommand>` with its options, bounded before the core's grammar reads them; no other options. */
export const interviewCommandSchema = z.discriminatedUnion('subcommand', [
  z.strictObject({
    subcommand: z.literal('start'),
    topic: optionText('The topic', MAX_TOPIC_CHARS).optional(),
    // Discord enforces the registered 5-180; the grammar explains that range. This bound only
    // keeps absurd values out.
    minutes: wholeNumber('`minutes`', 1, MAX_PAGE).optional(),
    // A built-in template or one of the server's own (checked by the core's grammar against the server's list).
    template: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, `\`template\` is one of ${TEMPLATES.map((t) => `\`${t}\``).join(', ')} or one of this server's (\`/interview template list\`).`).optional(),
  }),
  z.strictObject({ subcommand: z.literal('history'), page: wholeNumber('`page`', 1, MAX_PAGE).optional() }),
  z.strictObject({
    // `export`, `replay` and `share` take the same `which` as `show`.
    subcommand: z.enum(['show', 'export', 'replay', 'share']),
    which: z
      .string(whichMessage)
      .refine((w) => UUID.test(w) || (/^\d{1,6}$/.test(w) && Number(w) >= 1 && Number(w) <= MAX_PAGE), whichMessage)
      .optional(),
  }),
  z.strictObject({ subcommand: z.enum(SIMPLE_SUBCOMMANDS) }),
  // `/interview profile [show]`: the form (a modal), or the saved profile shown privately.
  z.strictObject({ subcommand: z.literal('profile'), show: z.boolean('`show` is true or false.').optional() }),
  // `/interview stats [user]` (a member's id) and `leaderboard [period]` (a registered choice).
  z.strictObject({ subcommand: z.literal('stats'), user: z.string().regex(SNOWFLAKE, '`user` must be a member of this server.').optional() }),
  z.strictObject({ subcommand: z.literal('leaderboard'), period: z.enum(['week', 'month', 'all', 'opt-out', 'opt-in'], '`period` is one of `week`, `month`, `all`, `opt-out`, `opt-in`.').optional() }),
  // `/interview channel` and `schedule`: the rest of the command as text, read by the core's grammar.
  z.strictObject({ subcommand: z.enum(['channel', 'schedule']), args: optionText('The settings', 500).optional() }),
  // `/interview template`: the rest of the command as text, read by the core's grammar.
  z.strictObject({ subcommand: z.literal('template'), args: optionText('The template', 1000).optional() }),
]);
export type InterviewCommandOptions = z.infer<typeof interviewCommandSchema>;

/** What a user is typing into an autocompleted option; longer text gets no suggestions. */
export const autocompleteQuerySchema = optionText('The topic', MAX_TOPIC_CHARS);

/** A practice prompt's Start button carries a topic id (`url-shortener`). */
export const topicButtonValueSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

/** `/interview forget-me`'s confirmation button carries the id of the member it was shown to. */
export const userButtonValueSchema = snowflake;

/** A button's value: a session id, or a history page (a number, and a keyset cursor on the buttons posted since). */
export const buttonValueSchema = z.union([z.string().regex(UUID), z.string().refine((v) => parseHistoryButton(v) !== null)]);

/**
 * The subcommand and its options from discord.js's `options.data`, as plain values. Read from
 * the raw list rather than the typed getters, which throw on a value of the wrong type: the
 * schema then says what is wrong instead.
 */
export function commandOptions(data: readonly CommandInteractionOption[]): Record<string, unknown> {
  const [first] = data;
  if (!first || first.type !== ApplicationCommandOptionType.Subcommand) return { subcommand: undefined };
  const options: Record<string, unknown> = { subcommand: first.name };
  for (const option of first.options ?? []) options[option.name] = option.value;
  return options;
}

/** Where a payload failed, for the log: field paths and reasons, never the values. */
export function describeIssues(error: z.ZodError): Array<{ path: string; code: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', code: issue.code }));
}

/**
 * The sentence to show for a refused command: the first issue's message when it was written
 * for people (options), else a general one (ids, unknown subcommands).
 */
export function refusalText(error: z.ZodError): string {
  const issue = error.issues.find((i) => i.path.length === 1 && i.path[0] !== 'subcommand');
  if (issue) return `${issue.message} Nothing was changed.`;
  return "I couldn't read that command, so I ignored it. Nothing was changed; `/interview help` lists what works.";
}
