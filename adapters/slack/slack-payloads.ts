import { z } from 'zod';
import { PROFILE_CALLBACK_ID, readProfileSubmission } from './render/profile-modal.js';
import { attachmentKind, MAX_ATTACHMENTS, type Attachment } from '../../src/attachments/attachment.js';

// What Slack sends, checked at the adapter boundary before anything reaches Bolt's listeners or
// the core: ids of the expected shape and length, timestamps Slack's way, text that is a string
// without NUL (Postgres refuses it) and within Slack's own limits. The HTTP gate checks whole
// request bodies with `checkSlackBody` (so a bad one is answered before Bolt sees it); the
// listeners read the same schemas again (`readSlashCommand`, `readMessageEvent`,
// `readBlockAction`), which is what protects Socket Mode, where no HTTP gate runs.
//
// Problems are described by field and rule only ("event.user is not a Slack id"), never by value,
// so they can be logged and shown to the user without echoing what was sent.

export const SLACK_LIMITS = {
  /** Slack truncates a message at 40,000 characters; no real message is longer. */
  messageChars: 40_000,
  /** Slash command text; Slack's client stops well before this. */
  commandChars: 4_000,
  /** A button's `value` (Block Kit's limit). */
  actionValueChars: 2_000,
} as const;

/**
 * Slack's ids are upper-case letters and digits (`T0123ABCD`, `U…`, `C…`), event ids start `Ev`.
 * Lower case, `_` and `-` are admitted too (Slack never sends them) so that readable test ids
 * (`T_FAKE`, `U-retry`) stay valid; what matters is no control character, no space, bounded length.
 */
const SLACK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;
/** A message timestamp: seconds, a dot, up to 8 digits of fraction (`1355517523.000005`). */
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;
/** Event types and message subtypes: `message`, `message_changed`, `app_mention`, `member_joined_channel`. */
const SLACK_NAME = /^[a-z][a-z0-9_.]{0,63}$/;
const NUL = '\u0000';

const present = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `is not ${what}`) });
const slackId = () => z.string(present('a string')).regex(SLACK_ID, { error: 'is not a Slack id' });
const slackTs = () => z.string(present('a string')).regex(SLACK_TS, { error: 'is not a Slack timestamp' });
const slackName = () => z.string(present('a string')).regex(SLACK_NAME, { error: 'is not a Slack type name' });
const text = (max: number) =>
  z
    .string(present('a string'))
    .max(max, { error: `is longer than ${max.toLocaleString('en-US')} characters` })
    .refine((s) => !s.includes(NUL), { error: 'contains a NUL character' });
/** Only used for Bolt's `respond()`; Slack's are `https://hooks.slack.com/...`, tests use loopback. */
const responseUrl = () => z.string(present('a string')).max(2_048, { error: 'is too long' }).regex(/^https?:\/\/[^\s]+$/, { error: 'is not a URL' });
const shortString = (max = 255) => z.string(present('a string')).max(max, { error: `is longer than ${max} characters` });

// ---------------------------------------------------------------------------------------------
// Slash commands (form fields, or the Socket Mode payload)

const slashCommandSchema = z.object({
  command: shortString(64).regex(/^\/[^\s]+$/, { error: 'is not a command name' }),
  text: text(SLACK_LIMITS.commandChars).optional(),
  team_id: slackId(),
  user_id: slackId(),
  channel_id: slackId(),
  enterprise_id: slackId().or(z.literal('')).optional(),
  response_url: responseUrl(),
  trigger_id: shortString().optional(),
});
export type SlashCommand = z.output<typeof slashCommandSchema>;

// ---------------------------------------------------------------------------------------------
// Interactivity: block_actions (buttons), and the envelope every other interaction needs

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: slackId() }).nullable().optional(),
  user: z.object({ id: slackId(), team_id: slackId().optional() }),
  channel: z.object({ id: slackId() }).optional(),
  message: z.object({ ts: slackTs(), thread_ts: slackTs().optional() }).optional(),
  trigger_id: shortString().optional(),
  response_url: responseUrl().optional(),
  actions: z
    .array(
      z.object({
        type: shortString(64),
        action_id: shortString(),
        block_id: shortString().optional(),
        value: text(SLACK_LIMITS.actionValueChars).optional(),
      }),
    )
    .min(1, { error: 'is empty' })
    .max(25, { error: 'has more than 25 actions' }),
});
export type BlockActions = z.output<typeof blockActionsSchema>;

/** Any other interaction (a shortcut, a view submission): who and where, so Bolt can route it. */
const interactionSchema = z.object({
  type: slackName(),
  team: z.object({ id: slackId() }).nullable().optional(),
  user: z.object({ id: slackId() }),
});

// ---------------------------------------------------------------------------------------------
// Events API

const eventEnvelopeSchema = z.object({
  type: z.literal('event_callback'),
  team_id: slackId(),
  api_app_id: slackId().optional(),
  event_id: slackId(),
  event_time: z.number().int().min(0).max(1e11).optional(),
  event: z.looseObject({ type: slackName() }),
});
export type EventEnvelope = z.output<typeof eventEnvelopeSchema>;

const messageText = () => text(SLACK_LIMITS.messageChars).optional();
const botId = () => shortString(64).nullable().optional();

/**
 * A file shared with a message, as far as the whiteboard and voice modes read it (by reference:
 * `url_private` needs the bot token, and is read later by a worker, never by the listener).
 * A voice clip is a file with `subtype: 'slack_audio'`.
 */
const sharedFileSchema = z.looseObject({
  id: slackId(),
  name: shortString(255).optional(),
  mimetype: shortString(100).optional(),
  size: z.number().int().min(0).optional(),
  url_private: shortString(2_048).regex(/^https?:\/\/[^\s]+$/, { error: 'is not a URL' }).optional(),
  subtype: shortString(64).optional(),
  duration_ms: z.number().int().min(0).optional(),
});

/** A person's message, a reply broadcast to the channel, or a message with a file attached. */
const plainMessageSchema = z.object({
  type: z.literal('message'),
  subtype: z.enum(['thread_broadcast', 'file_share']).optional(),
  channel: slackId(),
  user: slackId().optional(),
  bot_id: botId(),
  team: slackId().optional(),
  text: messageText(),
  ts: slackTs(),
  thread_ts: slackTs().optional(),
  files: z.array(sharedFileSchema).max(20).optional(),
});

/** The image and audio files of a `file_share` message, by reference. */
function sharedAttachments(files: z.output<typeof sharedFileSchema>[] | undefined): Attachment[] {
  const out: Attachment[] = [];
  for (const file of files ?? []) {
    if (!file.url_private) continue;
    const name = file.name ?? file.id;
    const kind = file.subtype === 'slack_audio' ? 'audio' : attachmentKind(file.mimetype, name);
    if (kind === 'other') continue;
    const durationSecs = file.duration_ms === undefined ? undefined : Math.ceil(file.duration_ms / 1000);
    out.push({ kind, id: file.id, url: file.url_private, name, contentType: file.mimetype ?? 'application/octet-stream', size: file.size ?? 0, ...(durationSecs !== undefined ? { durationSecs } : {}) });
  }
  return out.slice(0, MAX_ATTACHMENTS);
}

/** An edit: `message` is the message as it is now, its `ts` the edited message's. */
const messageChangedSchema = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: slackId(),
  ts: slackTs(),
  message: z.object({
    subtype: slackName().optional(),
    user: slackId().optional(),
    bot_id: botId(),
    text: messageText(),
    ts: slackTs(),
    thread_ts: slackTs().optional(),
    edited: z.object({ user: slackId().optional(), ts: slackTs().optional() }).optional(),
  }),
  previous_message: z.object({ text: z.string().optional() }).optional(),
});

/** Any other subtype: read only far enough to know it is one we ignore. */
const otherMessageSchema = z.object({ type: z.literal('message'), subtype: slackName() });
// Built once: making a zod schema costs more than using it, and this runs on every event.
const envelopeIdsSchema = z.object({ team_id: slackId().optional(), event_id: slackId().optional() });
const urlVerificationSchema = z.object({ challenge: shortString(512) });

// ---------------------------------------------------------------------------------------------
// Readers

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function describe(error: z.ZodError, prefix = ''): string[] {
  return error.issues.slice(0, 5).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path} ${issue.message}` : issue.message;
  });
}

function check<T>(schema: z.ZodType<T>, input: unknown, prefix = ''): Checked<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: describe(result.error, prefix) };
}

export function readSlashCommand(payload: unknown): Checked<SlashCommand> {
  return check(slashCommandSchema, payload);
}

export function readBlockActions(body: unknown): Checked<BlockActions> {
  return check(blockActionsSchema, body);
}

export function readEventEnvelope(body: unknown): Checked<EventEnvelope> {
  return check(eventEnvelopeSchema, body);
}

const FIELD_WORDS: Record<string, string> = {
  text: 'the text',
  team_id: 'the workspace id',
  user_id: 'your user id',
  channel_id: 'the channel id',
  enterprise_id: 'the organization id',
  command: 'the command name',
  response_url: 'the response URL',
  trigger_id: 'the trigger id',
};

/** The private answer to a command that failed validation, naming what was wrong (never the value). */
export function unreadableCommandText(problems: readonly string[]): string {
  const first = problems[0] ?? 'it is not a slash command';
  const [field, ...rest] = first.split(' ');
  const words = field && FIELD_WORDS[field] ? `${FIELD_WORDS[field]} ${rest.join(' ')}` : first;
  return `That command could not be read: ${words}.`;
}

/** What a thread message event asks of the core, or why it asks nothing. */
export type MessageReading =
  | { kind: 'answer' | 'edit'; workspaceId: string; channelId: string; threadId: string; userId: string; text: string; messageId: string; eventId?: string; subtype?: string; attachments?: Attachment[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; problems: string[] };

/**
 * Message subtypes a person can produce in an interview thread, and what becomes of them:
 *
 * - (none): an answer.
 * - `thread_broadcast` ("Also send to #channel"): an answer like any other.
 * - `file_share`: an answer with its image and audio files by reference (whiteboard and voice
 *   modes); a file of another kind with text is an answer, the text only; without text and
 *   without an image or audio file it is ignored, there is nothing to read.
 * - `message_changed` with `message.edited` and a new text: an edit, handed to the core (which
 *   replaces an answer nobody has started on, or tells the author privately that it is not
 *   re-read). Other `message_changed` events are Slack's own updates (a link unfurled, a
 *   thread's reply count on its root) and are ignored.
 *
 * Every other subtype (and any subtype Slack adds later) is ignored on purpose:
 * - `bot_message`, and any message with a `bot_id`: not the candidate (the interviewer's own
 *   posts come back this way too);
 * - `me_message` (`/me ...`): a status line about oneself, not an answer;
 * - `message_deleted`: the core keeps what was answered (the interviewer may already have
 *   replied to it), and a deletion says nothing new;
 * - `message_replied` (a root's reply count; over the Events API it arrives without its subtype
 *   and no `user`, and is ignored as not from a person), `tombstone`: Slack's bookkeeping of the
 *   thread, not something said;
 * - `channel_join`, `channel_leave`, `channel_topic`, `channel_purpose`, `channel_name`,
 *   `channel_archive`, `channel_unarchive`, `group_*`, `pinned_item`, `unpinned_item`,
 *   `reminder_add`, `ekm_access_denied`, `assistant_app_thread`, `huddle_thread`: channel
 *   housekeeping, never an answer;
 * - `file_comment`, `file_mention` (legacy): references to files, not text for the interviewer.
 */
export function readMessageEvent(event: unknown, envelope: { team_id?: unknown; event_id?: unknown }): MessageReading {
  const ids = check(envelopeIdsSchema, { team_id: envelope.team_id, event_id: envelope.event_id });
  if (!ids.ok) return { kind: 'invalid', problems: ids.problems };
  const subtype = (event as { subtype?: unknown } | null)?.subtype;

  if (subtype === undefined || subtype === 'thread_broadcast' || subtype === 'file_share') {
    const read = check(plainMessageSchema, event, 'event');
    if (!read.ok) return { kind: 'invalid', problems: read.problems };
    const e = read.value;
    if (e.bot_id || !e.user) return { kind: 'ignored', reason: 'not from a person' };
    if (!e.thread_ts || e.thread_ts === e.ts) return { kind: 'ignored', reason: 'not a thread reply' };
    const attachments = subtype === 'file_share' ? sharedAttachments(e.files) : [];
    if (subtype === 'file_share' && !e.text?.trim() && attachments.length === 0) return { kind: 'ignored', reason: 'a file without text' };
    const workspaceId = ids.value.team_id ?? e.team ?? '';
    return { kind: 'answer', workspaceId, channelId: e.channel, threadId: e.thread_ts, userId: e.user, text: e.text ?? '', messageId: e.ts, eventId: ids.value.event_id, subtype: e.subtype, ...(attachments.length ? { attachments } : {}) };
  }

  if (subtype === 'message_changed') {
    const read = check(messageChangedSchema, event, 'event');
    if (!read.ok) return { kind: 'invalid', problems: read.problems };
    const { channel, message, previous_message: previous } = read.value;
    if (message.bot_id || !message.user || (message.subtype && message.subtype !== 'thread_broadcast' && message.subtype !== 'file_share')) return { kind: 'ignored', reason: 'an edit not made by a person' };
    if (!message.thread_ts || message.thread_ts === message.ts) return { kind: 'ignored', reason: 'an edit outside a thread reply' };
    if (!message.edited || (previous?.text !== undefined && previous.text === message.text)) return { kind: 'ignored', reason: 'an update by Slack, not an edit' };
    return { kind: 'edit', workspaceId: ids.value.team_id ?? '', channelId: channel, threadId: message.thread_ts, userId: message.user, text: message.text ?? '', messageId: message.ts, eventId: ids.value.event_id };
  }

  const read = check(otherMessageSchema, event, 'event');
  if (!read.ok) return { kind: 'invalid', problems: read.problems };
  return { kind: 'ignored', reason: `subtype ${read.value.subtype}` };
}

/** What the HTTP gate does with a verified, parsed body. */
export type BodyCheck =
  | { verdict: 'pass' }
  /** A slash command that cannot be read: answered 200 with this ephemeral text. */
  | { verdict: 'unreadable-command'; problems: string[]; reply: string }
  /** An event or interaction that cannot be read: answered 200 (Slack would only retry), nothing done. */
  | { verdict: 'drop'; kind: 'event' | 'action' | 'interaction'; problems: string[] }
  /** Not a Slack payload at all (`null`, an array, an object of no known kind): 400. */
  | { verdict: 'reject'; problem: string };

/** Who and where to tell privately about an event or button press that could not be read. */
export interface UnreadableNoticeTarget {
  kind: 'thread_message' | 'action';
  workspaceId: string;
  channelId: string;
  userId: string;
  threadId?: string;
}

/**
 * For a payload that failed its schema: the ids of the person to tell, when each is itself
 * well-formed (so nothing unread goes into a Web API call): a person's new message in a thread
 * (not an edit, not a bot's) or a button press. Null when any is missing or malformed: then the
 * payload is dropped with a warning only.
 */
export function unreadableNoticeTarget(kind: 'event' | 'action' | 'interaction', body: unknown): UnreadableNoticeTarget | null {
  const b = (body ?? {}) as Record<string, unknown>;
  const id = (v: unknown) => (typeof v === 'string' && SLACK_ID.test(v) ? v : undefined);
  const ts = (v: unknown) => (typeof v === 'string' && SLACK_TS.test(v) ? v : undefined);
  const field = (v: unknown, key: string): unknown => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
  if (kind === 'event') {
    const e = b.event;
    const subtype = field(e, 'subtype');
    if (field(e, 'type') !== 'message' || field(e, 'bot_id') !== undefined || !(subtype === undefined || subtype === 'thread_broadcast' || subtype === 'file_share')) return null;
    const [workspaceId, channelId, userId, threadId] = [id(b.team_id), id(field(e, 'channel')), id(field(e, 'user')), ts(field(e, 'thread_ts'))];
    if (!workspaceId || !channelId || !userId || !threadId || threadId === field(e, 'ts')) return null;
    return { kind: 'thread_message', workspaceId, channelId, userId, threadId };
  }
  if (kind === 'action' && b.type === 'block_actions') {
    const user = b.user;
    const [workspaceId, channelId, userId] = [id(field(b.team, 'id')) ?? id(field(user, 'team_id')), id(field(b.channel, 'id')), id(field(user, 'id'))];
    if (!workspaceId || !channelId || !userId) return null;
    const threadId = ts(field(b.message, 'thread_ts')) ?? ts(field(b.message, 'ts'));
    return { kind: 'action', workspaceId, channelId, userId, ...(threadId ? { threadId } : {}) };
  }
  return null;
}

/**
 * Sorts a signed body the way Bolt will (a form with `payload` is an interaction, a form with
 * `command` a slash command, JSON an Events API callback or URL verification) and checks it.
 */
export function checkSlackBody(body: unknown, form: { interaction: boolean }): BodyCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { verdict: 'reject', problem: `the body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}, not an object` };
  const b = body as Record<string, unknown>;
  if (form.interaction) {
    // The profile modal's submission (`/interview profile`): every field bounded, or dropped here.
    if (b.type === 'view_submission' && isProfileView(b.view)) {
      return readProfileSubmission(b) ? { verdict: 'pass' } : { verdict: 'drop', kind: 'interaction', problems: ['view is not a readable profile form'] };
    }
    if (b.type === 'block_actions') {
      const read = readBlockActions(b);
      return read.ok ? { verdict: 'pass' } : { verdict: 'drop', kind: 'action', problems: read.problems };
    }
    const read = check(interactionSchema, b);
    return read.ok ? { verdict: 'pass' } : { verdict: 'drop', kind: 'interaction', problems: read.problems };
  }
  if (b.command !== undefined) {
    const read = readSlashCommand(b);
    return read.ok ? { verdict: 'pass' } : { verdict: 'unreadable-command', problems: read.problems, reply: unreadableCommandText(read.problems) };
  }
  switch (b.type) {
    case 'event_callback': {
      const envelope = readEventEnvelope(b);
      if (!envelope.ok) return { verdict: 'drop', kind: 'event', problems: envelope.problems };
      if (envelope.value.event.type !== 'message') return { verdict: 'pass' };
      const reading = readMessageEvent(b.event, b);
      return reading.kind === 'invalid' ? { verdict: 'drop', kind: 'event', problems: reading.problems } : { verdict: 'pass' };
    }
    case 'url_verification': {
      const read = check(urlVerificationSchema, b);
      return read.ok ? { verdict: 'pass' } : { verdict: 'reject', problem: read.problems.join('; ') };
    }
    case 'app_rate_limited':
      return { verdict: 'pass' };
    default:
      return { verdict: 'reject', problem: 'the body is not a Slack command, interaction or event' };
  }
}

const isProfileView = (view: unknown) => (view as { callback_id?: unknown } | null)?.callback_id === PROFILE_CALLBACK_ID;
