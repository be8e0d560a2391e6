// The REST half of the Discord fake: `/api/v10/...` routes over node:http, answered with the JSON
// shapes `@discordjs/rest` and discord.js expect (plus sane rate-limit headers so the client never
// stalls). Unknown routes answer 404 and are listed in `fake.unexpected`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type {
  ApiChannel,
  ApiCommand,
  ApiMessage,
  DiscordFake,
  InteractionState,
  StoredMessage,
} from './discord-fake.js';

// ---------------------------------------------------------------------------------------------
// Shared primitives (re-exported by ./discord-fake.ts)

export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildForum: 15,
} as const;

export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Interaction callback types (POST /interactions/:id/:token/callback `type`). */
export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

export const MessageFlag = { Ephemeral: 64, Loading: 128, IsComponentsV2: 1 << 15 } as const;

/** Thrown by route handlers; rendered as a Discord JSON error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }
}


const DISCORD_EPOCH = 1420070400000n;
let lastSnowflakeMs = 0n;
let snowflakeIncrement = 0n;

/** A fresh, increasing snowflake (timestamp-based, so discord.js derives sane creation dates). */
export function snowflake(): string {
  let now = BigInt(Date.now());
  if (now <= lastSnowflakeMs) now = lastSnowflakeMs;
  if (now === lastSnowflakeMs) {
    snowflakeIncrement++;
    if (snowflakeIncrement >= 4096n) {
      now++;
      snowflakeIncrement = 0n;
    }
  } else {
    snowflakeIncrement = 0n;
  }
  lastSnowflakeMs = now;
  return (((now - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}


export interface RestFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  name: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RestRecord {
  method: string;
  /** Path relative to `/api/v10`, without the query string, e.g. `/channels/123/messages`. */
  path: string;
  /** The raw request URL (with `/api/v10` and query). */
  url: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (for multipart: the `payload_json` part); undefined when there is none. */
  body: unknown;
  files: RestFile[];
  /** HTTP status answered (0 while the request is still in flight). */
  status: number;
  /** JSON answered (undefined for 204). */
  response: unknown;
  at: number;
}

export interface RestIntercept {
  method: string;
  path: RegExp | string;
  times: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Carry the request out first, then answer with the failure (Discord did it, the client never heard). */
  applied?: boolean;
  /** Only requests with files (multipart uploads) match. */
  withFiles?: boolean;
}

interface Ctx {
  fake: DiscordFake;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  files: RestFile[];
}

interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (ctx: Ctx) => Reply;

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  keys: string[];
  /** Interaction callbacks and interaction webhooks are called without the bot token. */
  auth: boolean;
  handler: Handler;
}

const API_PREFIX = '/api/v10';
const routes: Route[] = [];

function route(method: string, template: string, handler: Handler, auth = true): void {
  const keys: string[] = [];
  const pattern = template
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  routes.push({ method, template, regex: new RegExp(`^${pattern}$`), keys, auth, handler });
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });
const noContent = (): Reply => ({ status: 204 });
const iso = (ms = Date.now()) => new Date(ms).toISOString();
const clone = <T>(v: T): T => structuredClone(v);
const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

// ---------------------------------------------------------------------------------------------
// Validation (Discord's "Invalid Form Body" 50035 errors)

class FormErrors {
  private readonly tree: Record<string, unknown> = {};
  private count = 0;

  add(path: string, code: string, message: string): void {
    this.count++;
    let node = this.tree;
    for (const part of path.split('.')) node = (node[part] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code, message });
  }

  throwIfAny(): void {
    if (this.count) throw new ApiError(400, 50035, 'Invalid Form Body', this.tree);
  }
}

function checkLength(errors: FormErrors, path: string, value: unknown, min: number, max: number, required = false): void {
  if (value === undefined || value === null) {
    if (required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Could not interpret value as string.');
    return;
  }
  const len = [...value].length;
  if (len > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  } else if (len < min) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
}

function validateComponents(errors: FormErrors, components: unknown, v2: boolean): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add('components', 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const seen = new Set<string>();
  let total = 0;
  const walk = (c: unknown, path: string): void => {
    const comp = asRecord(c);
    total++;
    if (typeof comp.custom_id === 'string' || comp.custom_id !== undefined) {
      checkLength(errors, `${path}.custom_id`, comp.custom_id, 1, 100);
      if (typeof comp.custom_id === 'string') {
        if (seen.has(comp.custom_id)) errors.add(`${path}.custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        seen.add(comp.custom_id);
      }
    }
    if (comp.type === 2) {
      checkLength(errors, `${path}.label`, comp.label, 0, 80);
      const link = comp.style === 5 || comp.style === 6;
      if (!link && comp.custom_id === undefined) errors.add(`${path}.custom_id`, 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    if (comp.type === 3) {
      const options = Array.isArray(comp.options) ? comp.options : [];
      if (options.length < 1 || options.length > 25) errors.add(`${path}.options`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
    }
    if (Array.isArray(comp.components)) {
      if (!v2 && comp.type === 1 && (comp.components.length < 1 || comp.components.length > 5)) {
        errors.add(`${path}.components`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
      }
      comp.components.forEach((child, i) => walk(child, `${path}.components.${i}`));
    }
    if (comp.accessory !== undefined) walk(comp.accessory, `${path}.accessory`);
  };
  if (!v2 && components.length > 5) errors.add('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  components.forEach((row, i) => {
    if (!v2 && asRecord(row).type !== 1) errors.add(`components.${i}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    walk(row, `components.${i}`);
  });
  if (v2 && total > 40) errors.add('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in length.');
}

function validateEmbeds(errors: FormErrors, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    errors.add('embeds', 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (embeds.length > 10) errors.add('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  const count = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);
  embeds.forEach((e, i) => {
    const embed = asRecord(e);
    checkLength(errors, `embeds.${i}.title`, embed.title, 0, 256);
    checkLength(errors, `embeds.${i}.description`, embed.description, 0, 4096);
    checkLength(errors, `embeds.${i}.footer.text`, asRecord(embed.footer).text, 0, 2048);
    checkLength(errors, `embeds.${i}.author.name`, asRecord(embed.author).name, 0, 256);
    total += count(embed.title) + count(embed.description) + count(asRecord(embed.footer).text) + count(asRecord(embed.author).name);
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > 25) errors.add(`embeds.${i}.fields`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f, j) => {
      const field = asRecord(f);
      checkLength(errors, `embeds.${i}.fields.${j}.name`, field.name, 1, 256, true);
      checkLength(errors, `embeds.${i}.fields.${j}.value`, field.value, 1, 1024, true);
      total += count(field.name) + count(field.value);
    });
  });
  if (total > 6000) errors.add('embeds', 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

const MENTION_TYPES = new Set(['roles', 'users', 'everyone']);
const SNOWFLAKE = /^\d{17,20}$/;

/**
 * `allowed_mentions` as Discord checks it: `parse` holds only roles/users/everyone, `users` and
 * `roles` are at most 100 snowflakes, and `parse: ["users"]` with a `users` list (or roles with
 * roles) is refused as mutually exclusive.
 */
function validateAllowedMentions(errors: FormErrors, value: unknown): void {
  if (value === undefined || value === null) return;
  const am = asRecord(value);
  if (value !== am) {
    errors.add('allowed_mentions', 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = am.parse;
  if (parse !== undefined && (!Array.isArray(parse) || parse.some((p) => typeof p !== 'string' || !MENTION_TYPES.has(p)))) {
    errors.add('allowed_mentions.parse', 'BASE_TYPE_CHOICES', 'Value must be one of {"roles", "users", "everyone"}.');
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = am[kind];
    if (ids === undefined) continue;
    if (!Array.isArray(ids) || ids.length > 100 || ids.some((id) => typeof id !== 'string' || !SNOWFLAKE.test(id))) {
      errors.add(`allowed_mentions.${kind}`, 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer snowflakes.');
    } else if (Array.isArray(parse) && parse.includes(kind)) {
      errors.add('allowed_mentions', 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`);
    }
  }
}

/** Validates a message create/edit body; on create an empty message is 50006. */
function validateMessageBody(body: Record<string, unknown>, opts: { create: boolean; files: number }): void {
  const errors = new FormErrors();
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const v2 = (flags & MessageFlag.IsComponentsV2) !== 0;
  checkLength(errors, 'content', body.content, 0, 2000);
  validateAllowedMentions(errors, body.allowed_mentions);
  validateEmbeds(errors, body.embeds);
  validateComponents(errors, body.components, v2);
  if (v2 && ((typeof body.content === 'string' && body.content) || (Array.isArray(body.embeds) && body.embeds.length))) {
    errors.add('content', 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
  }
  errors.throwIfAny();
  if (opts.create) {
    const hasContent = typeof body.content === 'string' && body.content.trim().length > 0;
    const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
    if (!hasContent && !nonEmpty(body.embeds) && !nonEmpty(body.components) && !nonEmpty(body.sticker_ids) && !body.poll && opts.files === 0) {
      throw new ApiError(400, 50006, 'Cannot send an empty message');
    }
  }
}

const THREAD_ARCHIVE_DURATIONS = new Set([60, 1440, 4320, 10080]);

function validateThreadBody(body: Record<string, unknown>, requireName: boolean): void {
  const errors = new FormErrors();
  checkLength(errors, 'name', body.name, 1, 100, requireName);
  if (body.auto_archive_duration !== undefined && !THREAD_ARCHIVE_DURATIONS.has(body.auto_archive_duration as number)) {
    errors.add('auto_archive_duration', 'BASE_TYPE_CHOICES', 'Value must be one of {60, 1440, 4320, 10080}.');
  }
  errors.throwIfAny();
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommand(errors: FormErrors, cmd: Record<string, unknown>, path: string): void {
  const type = (cmd.type as number | undefined) ?? 1;
  const name = cmd.name;
  if (typeof name !== 'string' || !COMMAND_NAME.test(name) || (type === 1 && name !== name.toLowerCase())) {
    errors.add(`${path}.name`, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === 1) checkLength(errors, `${path}.description`, cmd.description, 1, 100, true);
  validateCommandOptions(errors, cmd.options, `${path}.options`);
}

function validateCommandOptions(errors: FormErrors, options: unknown, path: string): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((o, i) => {
    const opt = asRecord(o);
    const p = `${path}.${i}`;
    if (typeof opt.name !== 'string' || !COMMAND_NAME.test(opt.name) || opt.name !== opt.name.toLowerCase()) {
      errors.add(`${p}.name`, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    } else if (names.has(opt.name)) {
      errors.add(`${p}.name`, 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists');
    } else names.add(opt.name);
    checkLength(errors, `${p}.description`, opt.description, 1, 100, true);
    if (opt.type === 1 || opt.type === 2) {
      validateCommandOptions(errors, opt.options, `${p}.options`);
    } else if (opt.required) {
      if (sawOptional) errors.add(p, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else sawOptional = true;
    if (Array.isArray(opt.choices)) {
      if (opt.choices.length > 25) errors.add(`${p}.choices`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      if (opt.autocomplete) errors.add(`${p}.autocomplete`, 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES', 'Autocomplete cannot be used with choices');
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Shared operations

/**
 * A message's attachments after a create or edit with files. Like Discord, an entry of
 * `attachments` whose id is a file's index (`files[n]`, what discord.js sends: `{ id: 0,
 * description }`) describes that new file; any other id must be an existing attachment, kept.
 * An index with no such file is refused (400), as Discord does.
 */
function messageAttachments(fake: DiscordFake, channelId: string, body: Record<string, unknown>, files: RestFile[], existing: unknown[] = []): unknown[] {
  const listed = Array.isArray(body.attachments) ? (body.attachments as unknown[]).map(asRecord) : undefined;
  const fileIndex = (f: RestFile) => /^files\[(\d+)\]$/.exec(f.field)?.[1];
  const isIndex = (id: unknown) => (typeof id === 'number' || (typeof id === 'string' && /^\d{1,3}$/.test(id))) && files.length > 0;
  for (const entry of listed ?? []) {
    if (isIndex(entry.id) && !files.some((f) => fileIndex(f) === String(entry.id))) {
      throw new ApiError(400, 50035, 'Invalid Form Body', { attachments: { _errors: [{ code: 'ATTACHMENT_NOT_FOUND', message: `No file for attachment ${String(entry.id)}` }] } });
    }
  }
  const keep = listed ? existing.filter((a) => listed.some((b) => !isIndex(b.id) && b.id === asRecord(a).id)) : existing;
  const origin = fake.apiUrl.replace(/\/api$/, '');
  const fresh = files.map((f) => {
    const id = snowflake();
    const url = `${origin}/attachments/${channelId}/${id}/${encodeURIComponent(f.name)}`;
    const described = listed?.find((b) => isIndex(b.id) && String(b.id) === fileIndex(f));
    const description = typeof described?.description === 'string' ? { description: described.description } : {};
    return { id, filename: f.name, size: f.size, url, proxy_url: url, content_type: f.contentType, ...description };
  });
  return [...keep, ...fresh];
}

/** Creates a bot-authored message in a channel (REST create, interaction reply, follow-up). */
function createBotMessage(
  fake: DiscordFake,
  channel: ApiChannel,
  body: Record<string, unknown>,
  files: RestFile[],
  extra: { type?: number; flags?: number; interaction?: InteractionState; id?: string } = {},
): StoredMessage {
  const author = clone(fake.botUser);
  const message = fake.buildMessage({
    id: extra.id,
    channelId: channel.id,
    author,
    content: typeof body.content === 'string' ? body.content : '',
    type: extra.type ?? 0,
    flags: extra.flags ?? (typeof body.flags === 'number' ? body.flags : 0),
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    attachments: messageAttachments(fake, channel.id, body, files),
    mentions: mentionedUsers(fake, body),
  });
  if (typeof body.tts === 'boolean') message.tts = body.tts;
  if (body.nonce !== undefined) message.nonce = body.nonce;
  if (body.poll) message.poll = body.poll;
  const ref = asRecord(body.message_reference);
  if (typeof ref.message_id === 'string') {
    const target = fake.messages.get(ref.message_id);
    if (!target || target.deleted) {
      if (ref.fail_if_not_exists !== false) {
        const errors = new FormErrors();
        errors.add('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        errors.throwIfAny();
      }
    } else {
      message.type = 19;
      message.message_reference = { type: 0, message_id: ref.message_id, channel_id: target.message.channel_id, guild_id: target.guildId ?? undefined };
      message.referenced_message = clone(target.message);
    }
  }
  if (extra.interaction) {
    const st = extra.interaction;
    message.webhook_id = fake.applicationId;
    message.application_id = fake.applicationId;
    message.interaction_metadata = {
      id: st.id,
      type: st.type,
      user: clone(fake.users.get(st.userId)!),
      authorizing_integration_owners: st.guildId ? { '0': st.guildId } : { '1': st.userId },
    };
  }
  const stored = fake.storeMessage(message, channel.guild_id ?? null, extra.interaction ? 'interaction' : 'bot', extra.interaction?.id);
  fake.bumpChannel(channel, message.id);
  return stored;
}

function mentionedUsers(fake: DiscordFake, body: Record<string, unknown>): ApiMessage['mentions'] {
  if (typeof body.content !== 'string') return [];
  const ids = [...body.content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
  return [...new Set(ids)].map((id) => fake.users.get(id)).filter((u) => u !== undefined).map((u) => clone(u));
}

const TEXT_TYPES = new Set<number>([
  ChannelType.GuildText,
  ChannelType.DM,
  ChannelType.GuildAnnouncement,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** Sending into an archived thread unarchives it (like Discord) unless it is locked. */
function ensureWritable(fake: DiscordFake, channel: ApiChannel): void {
  if (!TEXT_TYPES.has(channel.type)) throw new ApiError(400, 50008, 'Cannot send messages in a non-text channel');
  const meta = channel.thread_metadata;
  if (meta?.archived) {
    if (meta.locked) throw new ApiError(400, 50083, 'Thread is archived');
    meta.archived = false;
    meta.archive_timestamp = iso();
    fake.dispatchChannelEvent('UPDATE', channel);
  }
}

function interactionFor(fake: DiscordFake, appId: string, token: string): InteractionState {
  const st = fake.interactionByToken(token);
  if (!st || appId !== st.applicationId) throw new ApiError(404, 10015, 'Unknown Webhook');
  if (st.expired) throw new ApiError(401, 50027, 'Invalid Webhook Token');
  if (!st.acknowledged) throw new ApiError(404, 10015, 'Unknown Webhook');
  return st;
}

function resolveWebhookMessage(fake: DiscordFake, st: InteractionState, messageId: string): string {
  if (messageId === '@original') {
    if (!st.originalMessageId) throw new ApiError(404, 10008, 'Unknown Message');
    return st.originalMessageId;
  }
  if (messageId !== st.originalMessageId && !st.followUpIds.includes(messageId)) throw new ApiError(404, 10008, 'Unknown Message');
  return messageId;
}

function upsertCommand(fake: DiscordFake, existing: ApiCommand[], body: Record<string, unknown>, guildId: string | null): ApiCommand {
  const type = (body.type as number | undefined) ?? 1;
  const previous = existing.find((c) => c.name === body.name && c.type === type);
  const cmd: ApiCommand = {
    id: previous?.id ?? snowflake(),
    application_id: fake.applicationId,
    version: snowflake(),
    default_member_permissions: (body.default_member_permissions as string | null | undefined) ?? null,
    type,
    name: String(body.name),
    name_localizations: (body.name_localizations as unknown) ?? null,
    description: typeof body.description === 'string' ? body.description : '',
    description_localizations: (body.description_localizations as unknown) ?? null,
    ...(body.options !== undefined ? { options: clone(body.options as unknown[]) } : {}),
    dm_permission: body.dm_permission ?? true,
    contexts: (body.contexts as unknown) ?? null,
    integration_types: (body.integration_types as unknown) ?? [0],
    nsfw: body.nsfw ?? false,
    ...(guildId ? { guild_id: guildId } : {}),
  };
  return cmd;
}

function checkApp(fake: DiscordFake, appId: string): void {
  if (appId !== fake.applicationId) throw new ApiError(403, 20012, 'You are not authorized to perform this action on this application');
}

function commandScope(fake: DiscordFake, params: Record<string, string>): { key: string; guildId: string | null } {
  checkApp(fake, params.appId!);
  if (params.guildId) {
    fake.guildState(params.guildId);
    return { key: params.guildId, guildId: params.guildId };
  }
  return { key: 'global', guildId: null };
}

function recordCommands(fake: DiscordFake, scope: { key: string; guildId: string | null }, method: 'PUT' | 'POST' | 'PATCH' | 'DELETE'): void {
  fake.registeredCommands.push({ guildId: scope.guildId, method, commands: clone(fake.currentCommands(scope.guildId ?? undefined)), at: Date.now() });
}

function assertThreadParent(parent: ApiChannel): void {
  if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement && parent.type !== ChannelType.GuildForum) {
    throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
  }
}

// ---------------------------------------------------------------------------------------------
// Routes (order matters: specific literals before parameters)

route('GET', '/gateway/bot', ({ fake }) =>
  ok({ url: fake.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }),
);
route('GET', '/gateway', ({ fake }) => ok({ url: fake.gatewayUrl }), false);

route('GET', '/users/@me', ({ fake }) => ok({ ...clone(fake.botUser), verified: true, mfa_enabled: false, locale: 'en-US', email: null }));
route('GET', '/users/:userId', ({ fake, params }) => {
  const user = fake.users.get(params.userId!);
  if (!user) throw new ApiError(404, 10013, 'Unknown User');
  return ok(clone(user));
});
route('POST', '/users/@me/channels', ({ fake, body }) => {
  const recipient = fake.users.get(String(body.recipient_id));
  if (!recipient) throw new ApiError(404, 10013, 'Unknown User');
  const existing = [...fake.channels.values()].find(
    (c) => c.type === ChannelType.DM && (c.recipients as Array<{ id: string }>)[0]?.id === recipient.id,
  );
  if (existing) return ok(clone(existing));
  const dm: ApiChannel = { id: snowflake(), type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [clone(recipient)] };
  fake.channels.set(dm.id, dm);
  return ok(clone(dm));
});

route('GET', '/applications/@me', ({ fake }) =>
  ok({
    id: fake.applicationId,
    name: fake.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: 'fake-verify-key',
    flags: 0,
    owner: clone(fake.admin),
    team: null,
    bot: clone(fake.botUser),
    approximate_guild_count: fake.guilds.size,
    integration_types_config: { '0': {} },
  }),
);

for (const prefix of ['/applications/:appId', '/applications/:appId/guilds/:guildId']) {
  route('GET', `${prefix}/commands`, ({ fake, params }) => ok(clone(fake.currentCommands(commandScope(fake, params).guildId ?? undefined))));
  route('PUT', `${prefix}/commands`, ({ fake, params, body }) => {
    const scope = commandScope(fake, params);
    const list = Array.isArray(body) ? (body as unknown[]) : [];
    if (!Array.isArray(body)) throw new ApiError(400, 50035, 'Invalid Form Body', { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] });
    const errors = new FormErrors();
    if (list.length > 100) errors.add('_root', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    list.forEach((c, i) => validateCommand(errors, asRecord(c), String(i)));
    const names = list.map((c) => `${asRecord(c).type ?? 1}:${String(asRecord(c).name)}`);
    if (new Set(names).size !== names.length) errors.add('_root', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    errors.throwIfAny();
    const existing = fake.currentCommands(scope.guildId ?? undefined);
    const next = list.map((c) => upsertCommand(fake, existing, asRecord(c), scope.guildId));
    fake.commands.set(scope.key, next);
    recordCommands(fake, scope, 'PUT');
    return ok(clone(next));
  });
  route('POST', `${prefix}/commands`, ({ fake, params, body }) => {
    const scope = commandScope(fake, params);
    const errors = new FormErrors();
    validateCommand(errors, body, '_root');
    errors.throwIfAny();
    const existing = fake.currentCommands(scope.guildId ?? undefined);
    const cmd = upsertCommand(fake, existing, body, scope.guildId);
    const isNew = !existing.some((c) => c.id === cmd.id);
    fake.commands.set(scope.key, [...existing.filter((c) => c.id !== cmd.id), cmd]);
    recordCommands(fake, scope, 'POST');
    return ok(clone(cmd), isNew ? 201 : 200);
  });
  route('GET', `${prefix}/commands/:commandId`, ({ fake, params }) => {
    const scope = commandScope(fake, params);
    const cmd = fake.currentCommands(scope.guildId ?? undefined).find((c) => c.id === params.commandId);
    if (!cmd) throw new ApiError(404, 10063, 'Unknown application command');
    return ok(clone(cmd));
  });
  route('PATCH', `${prefix}/commands/:commandId`, ({ fake, params, body }) => {
    const scope = commandScope(fake, params);
    const existing = fake.currentCommands(scope.guildId ?? undefined);
    const cmd = existing.find((c) => c.id === params.commandId);
    if (!cmd) throw new ApiError(404, 10063, 'Unknown application command');
    const merged = { ...cmd, ...body };
    const errors = new FormErrors();
    validateCommand(errors, merged, '_root');
    errors.throwIfAny();
    const updated = upsertCommand(fake, [cmd], merged, scope.guildId);
    fake.commands.set(scope.key, existing.map((c) => (c.id === cmd.id ? updated : c)));
    recordCommands(fake, scope, 'PATCH');
    return ok(clone(updated));
  });
  route('DELETE', `${prefix}/commands/:commandId`, ({ fake, params }) => {
    const scope = commandScope(fake, params);
    const existing = fake.currentCommands(scope.guildId ?? undefined);
    if (!existing.some((c) => c.id === params.commandId)) throw new ApiError(404, 10063, 'Unknown application command');
    fake.commands.set(scope.key, existing.filter((c) => c.id !== params.commandId));
    recordCommands(fake, scope, 'DELETE');
    return noContent();
  });
}

// ----- interactions

route(
  'POST',
  '/interactions/:interactionId/:token/callback',
  ({ fake, params, query, body, files }) => {
    const st = fake.interactions.get(params.interactionId!);
    if (!st || st.token !== params.token || st.expired) throw new ApiError(404, 10062, 'Unknown interaction');
    const deadline = fake.options.interactionAckDeadlineMs;
    if (!st.acknowledged && deadline !== undefined && Date.now() - st.createdAt > deadline) {
      throw new ApiError(404, 10062, 'Unknown interaction');
    }
    if (st.acknowledged) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    const type = body.type as number;
    const data = body.data === undefined ? undefined : asRecord(body.data);
    const allowed: Record<number, number[]> = {
      [InteractionType.ApplicationCommand]: [4, 5, 9],
      [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
      [InteractionType.Autocomplete]: [8],
      [InteractionType.ModalSubmit]: st.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
    };
    if (!allowed[st.type]?.includes(type)) {
      const errors = new FormErrors();
      errors.add('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${String(type)} is not valid for interaction type ${st.type}`);
      errors.throwIfAny();
    }
    const flags = typeof data?.flags === 'number' ? data.flags : 0;
    const ephemeral = (flags & MessageFlag.Ephemeral) !== 0;
    const channel = fake.requireChannel(st.channelId);
    let resourceMessage: ApiMessage | undefined;
    const replyType = st.type === InteractionType.ApplicationCommand ? 20 : 19;
    switch (type) {
      case CallbackType.ChannelMessageWithSource: {
        validateMessageBody(data ?? {}, { create: true, files: files.length });
        const stored = createBotMessage(fake, channel, data ?? {}, files, { type: replyType, flags, interaction: st });
        st.originalMessageId = stored.message.id;
        st.ephemeral = ephemeral;
        fake.dispatchMessage('MESSAGE_CREATE', stored);
        resourceMessage = stored.message;
        break;
      }
      case CallbackType.DeferredChannelMessageWithSource: {
        const stored = createBotMessage(fake, channel, {}, [], { type: replyType, flags: (flags & MessageFlag.Ephemeral) | MessageFlag.Loading, interaction: st });
        st.originalMessageId = stored.message.id;
        st.ephemeral = ephemeral;
        fake.dispatchMessage('MESSAGE_CREATE', stored);
        resourceMessage = stored.message;
        break;
      }
      case CallbackType.DeferredMessageUpdate:
        st.originalMessageId = st.sourceMessageId;
        break;
      case CallbackType.UpdateMessage: {
        validateMessageBody(data ?? {}, { create: false, files: files.length });
        const stored = fake.editMessage(st.sourceMessageId!, { ...(data ?? {}), flags: undefined });
        if (files.length) stored.message.attachments = messageAttachments(fake, channel.id, data ?? {}, files, stored.message.attachments);
        st.originalMessageId = st.sourceMessageId;
        fake.dispatchMessage('MESSAGE_UPDATE', stored);
        resourceMessage = stored.message;
        break;
      }
      case CallbackType.ApplicationCommandAutocompleteResult: {
        const errors = new FormErrors();
        const choices = Array.isArray(data?.choices) ? (data.choices as unknown[]) : undefined;
        if (!choices) errors.add('data.choices', 'BASE_TYPE_REQUIRED', 'This field is required');
        else {
          if (choices.length > 25) errors.add('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
          choices.forEach((c, i) => {
            const choice = asRecord(c);
            checkLength(errors, `data.choices.${i}.name`, choice.name, 1, 100, true);
            if (typeof choice.value === 'string') checkLength(errors, `data.choices.${i}.value`, choice.value, 0, 100);
            else if (typeof choice.value !== 'number') errors.add(`data.choices.${i}.value`, 'BASE_TYPE_REQUIRED', 'This field is required');
          });
        }
        errors.throwIfAny();
        break;
      }
      case CallbackType.Modal: {
        const errors = new FormErrors();
        checkLength(errors, 'data.custom_id', data?.custom_id, 1, 100, true);
        checkLength(errors, 'data.title', data?.title, 1, 45, true);
        const comps = Array.isArray(data?.components) ? (data.components as unknown[]) : [];
        if (comps.length < 1 || comps.length > 5) errors.add('data.components', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
        errors.throwIfAny();
        break;
      }
    }
    st.acknowledged = true;
    st.responseType = type;
    const withResponse = query.get('with_response') === 'true';
    fake.interactionResponses.push({
      interactionId: st.id,
      token: st.token,
      type,
      data: data ? clone(data) : undefined,
      flags,
      ephemeral,
      withResponse,
      at: Date.now(),
    });
    if (!withResponse) return noContent();
    return ok({
      interaction: {
        id: st.id,
        type: st.type,
        response_message_id: st.originalMessageId ?? undefined,
        response_message_loading: type === CallbackType.DeferredChannelMessageWithSource,
        response_message_ephemeral: ephemeral,
      },
      resource: { type, ...(resourceMessage ? { message: clone(resourceMessage) } : {}) },
    });
  },
  false,
);

route(
  'POST',
  '/webhooks/:appId/:token',
  ({ fake, params, query, body, files }) => {
    const st = interactionFor(fake, params.appId!, params.token!);
    validateMessageBody(body, { create: true, files: files.length });
    const channel = fake.requireChannel(st.channelId);
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const stored = createBotMessage(fake, channel, body, files, { type: 20, flags, interaction: st });
    st.followUpIds.push(stored.message.id);
    fake.webhookCalls.push({ interactionId: st.id, token: st.token, kind: 'followUp', messageId: stored.message.id, original: false, body: clone(body), at: Date.now() });
    fake.dispatchMessage('MESSAGE_CREATE', stored);
    return query.get('wait') === 'true' ? ok(clone(stored.message)) : noContent();
  },
  false,
);

route(
  'GET',
  '/webhooks/:appId/:token/messages/:messageId',
  ({ fake, params }) => {
    const st = interactionFor(fake, params.appId!, params.token!);
    const id = resolveWebhookMessage(fake, st, params.messageId!);
    fake.webhookCalls.push({ interactionId: st.id, token: st.token, kind: 'getMessage', messageId: id, original: params.messageId === '@original', body: undefined, at: Date.now() });
    return ok(clone(fake.requireMessage(id)));
  },
  false,
);

route(
  'PATCH',
  '/webhooks/:appId/:token/messages/:messageId',
  ({ fake, params, body, files }) => {
    const st = interactionFor(fake, params.appId!, params.token!);
    const id = resolveWebhookMessage(fake, st, params.messageId!);
    validateMessageBody(body, { create: false, files: files.length });
    // Taken before the edit (which writes the listed entries over them): the attachments to keep are looked up here.
    const attachedBefore = clone(fake.requireMessage(id).attachments);
    const stored = fake.editMessage(id, { ...body, flags: typeof body.flags === 'number' ? body.flags & MessageFlag.IsComponentsV2 : undefined });
    if (files.length) stored.message.attachments = messageAttachments(fake, st.channelId, body, files, attachedBefore);
    fake.webhookCalls.push({ interactionId: st.id, token: st.token, kind: 'editMessage', messageId: id, original: params.messageId === '@original', body: clone(body), at: Date.now() });
    fake.dispatchMessage('MESSAGE_UPDATE', stored);
    return ok(clone(stored.message));
  },
  false,
);

route(
  'DELETE',
  '/webhooks/:appId/:token/messages/:messageId',
  ({ fake, params }) => {
    const st = interactionFor(fake, params.appId!, params.token!);
    const id = resolveWebhookMessage(fake, st, params.messageId!);
    const stored = fake.deleteMessage(id);
    fake.webhookCalls.push({ interactionId: st.id, token: st.token, kind: 'deleteMessage', messageId: id, original: params.messageId === '@original', body: undefined, at: Date.now() });
    fake.dispatchMessageDelete(stored);
    return noContent();
  },
  false,
);

// ----- channels

route('GET', '/channels/:channelId', ({ fake, params }) => ok(clone(fake.requireChannel(params.channelId!))));

route('PATCH', '/channels/:channelId', ({ fake, params, body }) => {
  const channel = fake.requireChannel(params.channelId!);
  validateThreadBody(body, false);
  if (typeof body.name === 'string') channel.name = body.name;
  if (body.topic !== undefined) channel.topic = body.topic;
  if (typeof body.rate_limit_per_user === 'number') channel.rate_limit_per_user = body.rate_limit_per_user;
  if (Array.isArray(body.applied_tags)) channel.applied_tags = body.applied_tags;
  const meta = channel.thread_metadata;
  if (meta) {
    if (typeof body.archived === 'boolean' && body.archived !== meta.archived) {
      meta.archived = body.archived;
      meta.archive_timestamp = iso();
    }
    if (typeof body.locked === 'boolean') meta.locked = body.locked;
    if (typeof body.auto_archive_duration === 'number') meta.auto_archive_duration = body.auto_archive_duration;
    if (typeof body.invitable === 'boolean') meta.invitable = body.invitable;
  }
  fake.dispatchChannelEvent('UPDATE', channel);
  return ok(clone(channel));
});

route('DELETE', '/channels/:channelId', ({ fake, params }) => {
  const channel = fake.requireChannel(params.channelId!);
  fake.channels.delete(channel.id);
  fake.dispatchChannelEvent('DELETE', channel);
  return ok(clone(channel));
});

route('POST', '/channels/:channelId/typing', ({ fake, params }) => {
  fake.requireChannel(params.channelId!);
  return noContent();
});

route('GET', '/channels/:channelId/messages', ({ fake, params, query }) => {
  fake.requireChannel(params.channelId!);
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 50), 1), 100);
  const before = query.get('before');
  const after = query.get('after');
  let list = fake.messagesIn(params.channelId!).filter((m) => !(m.flags & MessageFlag.Ephemeral));
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
  const newestFirst = [...list].reverse();
  return ok(clone(after ? list.slice(0, limit).reverse() : newestFirst.slice(0, limit)));
});

route('POST', '/channels/:channelId/messages', ({ fake, params, body, files }) => {
  const channel = fake.requireChannel(params.channelId!);
  ensureWritable(fake, channel);
  validateMessageBody(body, { create: true, files: files.length });
  // Like Discord: with enforce_nonce, a repeat of a recent nonce by the same author returns the first message.
  if (body.enforce_nonce === true && body.nonce !== undefined) {
    const earlier = [...fake.messages.values()].find(
      (m) => m.message.channel_id === channel.id && m.message.nonce === body.nonce && m.message.author.id === fake.botUser.id && !m.deleted,
    );
    if (earlier) return ok(clone(earlier.message));
  }
  const flags = typeof body.flags === 'number' ? body.flags & (MessageFlag.IsComponentsV2 | 4 | 4096) : 0;
  const stored = createBotMessage(fake, channel, body, files, { flags });
  fake.dispatchMessage('MESSAGE_CREATE', stored);
  return ok(clone(stored.message));
});

// Pins (new `/messages/pins` API used by discord.js 14.2x, and the legacy `/pins` one).
route('GET', '/channels/:channelId/messages/pins', ({ fake, params }) => {
  fake.requireChannel(params.channelId!);
  const items = fake.messagesIn(params.channelId!).filter((m) => m.pinned).reverse();
  return ok({ items: items.map((m) => ({ pinned_at: iso(), message: clone(m) })), has_more: false });
});
route('GET', '/channels/:channelId/pins', ({ fake, params }) => {
  fake.requireChannel(params.channelId!);
  return ok(clone(fake.messagesIn(params.channelId!).filter((m) => m.pinned).reverse()));
});
for (const template of ['/channels/:channelId/messages/pins/:messageId', '/channels/:channelId/pins/:messageId']) {
  for (const method of ['PUT', 'DELETE']) {
    route(method, template, ({ fake, params }) => {
      fake.requireChannel(params.channelId!);
      fake.requireMessage(params.messageId!, params.channelId!).pinned = method === 'PUT';
      return noContent();
    });
  }
}

route('GET', '/channels/:channelId/messages/:messageId', ({ fake, params }) => {
  fake.requireChannel(params.channelId!);
  return ok(clone(fake.requireMessage(params.messageId!, params.channelId!)));
});

route('PATCH', '/channels/:channelId/messages/:messageId', ({ fake, params, body, files }) => {
  fake.requireChannel(params.channelId!);
  const message = fake.requireMessage(params.messageId!, params.channelId!);
  if (message.author.id !== fake.botUser.id) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
  validateMessageBody(body, { create: false, files: files.length });
  const stored = fake.editMessage(message.id, { ...body, flags: typeof body.flags === 'number' ? body.flags & MessageFlag.IsComponentsV2 : undefined });
  if (files.length) stored.message.attachments = messageAttachments(fake, params.channelId!, body, files, message.attachments);
  fake.dispatchMessage('MESSAGE_UPDATE', stored);
  return ok(clone(stored.message));
});

route('DELETE', '/channels/:channelId/messages/:messageId', ({ fake, params }) => {
  fake.requireChannel(params.channelId!);
  fake.requireMessage(params.messageId!, params.channelId!);
  fake.dispatchMessageDelete(fake.deleteMessage(params.messageId!));
  return noContent();
});

for (const method of ['PUT', 'DELETE']) {
  route(method, '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', ({ fake, params }) => {
    fake.requireChannel(params.channelId!);
    const message = fake.requireMessage(params.messageId!, params.channelId!);
    const name = decodeURIComponent(params.emoji!);
    const reactions = (message.reactions as Array<{ emoji: { name: string }; count: number; me: boolean }> | undefined) ?? [];
    const existing = reactions.find((r) => r.emoji.name === name);
    if (method === 'PUT' && !existing) reactions.push({ emoji: { name }, count: 1, me: true });
    if (method === 'DELETE' && existing) reactions.splice(reactions.indexOf(existing), 1);
    message.reactions = reactions;
    return noContent();
  });
}

route('POST', '/channels/:channelId/messages/:messageId/threads', ({ fake, params, body }) => {
  const parent = fake.requireChannel(params.channelId!);
  if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) {
    throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
  }
  const message = fake.requireMessage(params.messageId!, parent.id);
  if (message.thread) throw new ApiError(400, 160004, 'A thread has already been created for this message');
  validateThreadBody(body, true);
  const thread = fake.createThread({
    id: message.id,
    parentId: parent.id,
    name: String(body.name),
    type: parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
    autoArchiveDuration: body.auto_archive_duration as number | undefined,
    rateLimitPerUser: body.rate_limit_per_user as number | undefined,
  });
  message.thread = clone(thread);
  message.flags |= 32; // HAS_THREAD
  return ok(clone(thread), 201);
});

route('POST', '/channels/:channelId/threads', ({ fake, params, body, files }) => {
  const parent = fake.requireChannel(params.channelId!);
  assertThreadParent(parent);
  validateThreadBody(body, true);
  const common = {
    parentId: parent.id,
    name: String(body.name),
    autoArchiveDuration: body.auto_archive_duration as number | undefined,
    rateLimitPerUser: body.rate_limit_per_user as number | undefined,
  };
  if (parent.type === ChannelType.GuildForum) {
    const message = asRecord(body.message);
    if (body.message === undefined) {
      const errors = new FormErrors();
      errors.add('message', 'BASE_TYPE_REQUIRED', 'This field is required');
      errors.throwIfAny();
    }
    validateMessageBody(message, { create: true, files: files.length });
    const thread = fake.createThread({ ...common, type: ChannelType.PublicThread, appliedTags: body.applied_tags as string[] | undefined });
    const stored = createBotMessage(fake, thread, message, files, { id: thread.id });
    fake.dispatchMessage('MESSAGE_CREATE', stored);
    return ok({ ...clone(thread), message: clone(stored.message) }, 201);
  }
  const type =
    parent.type === ChannelType.GuildAnnouncement
      ? ChannelType.AnnouncementThread
      : ((body.type as number | undefined) ?? ChannelType.PrivateThread);
  if (type !== ChannelType.PublicThread && type !== ChannelType.PrivateThread && type !== ChannelType.AnnouncementThread) {
    const errors = new FormErrors();
    errors.add('type', 'BASE_TYPE_CHOICES', 'Value must be one of {10, 11, 12}.');
    errors.throwIfAny();
  }
  const thread = fake.createThread({ ...common, type, invitable: body.invitable as boolean | undefined });
  return ok(clone(thread), 201);
});

route('GET', '/channels/:channelId/thread-members', ({ fake, params }) => {
  fake.requireChannel(params.channelId!);
  return ok([]);
});
for (const method of ['PUT', 'DELETE']) {
  route(method, '/channels/:channelId/thread-members/:userId', ({ fake, params }) => {
    const thread = fake.requireChannel(params.channelId!);
    if (!fake.isThread(thread)) throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
    if (params.userId !== '@me' && !fake.users.has(params.userId!)) throw new ApiError(404, 10013, 'Unknown User');
    return noContent();
  });
}

// ----- guilds

route('GET', '/guilds/:guildId', ({ fake, params, query }) => {
  const g = fake.guildState(params.guildId!);
  const json = fake.guildJson(g.id, false);
  if (query.get('with_counts') === 'true') Object.assign(json, { approximate_member_count: g.members.size, approximate_presence_count: 0 });
  return ok(json);
});
route('GET', '/guilds/:guildId/channels', ({ fake, params }) => {
  fake.guildState(params.guildId!);
  return ok(clone([...fake.channels.values()].filter((c) => c.guild_id === params.guildId && !fake.isThread(c))));
});
route('GET', '/guilds/:guildId/threads/active', ({ fake, params }) => {
  fake.guildState(params.guildId!);
  const threads = [...fake.channels.values()].filter((c) => c.guild_id === params.guildId && fake.isThread(c) && !c.thread_metadata?.archived);
  return ok({ threads: clone(threads), members: [] });
});
route('GET', '/guilds/:guildId/roles', ({ fake, params }) => ok(clone(fake.guildState(params.guildId!).roles)));
route('GET', '/guilds/:guildId/members', ({ fake, params, query }) => {
  const g = fake.guildState(params.guildId!);
  const limit = Math.min(Number(query.get('limit') ?? 1), 1000);
  return ok([...g.members.keys()].slice(0, limit).map((id) => fake.memberJson(g.id, id)));
});
route('GET', '/guilds/:guildId/members/:userId', ({ fake, params }) => ok(fake.memberJson(params.guildId!, params.userId!)));

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function rateLimitHeaders(method: string, template: string): Record<string, string> {
  const bucket = createHash('sha1').update(`${method} ${template}`).digest('hex').slice(0, 16);
  return {
    'x-ratelimit-limit': '50',
    'x-ratelimit-remaining': '49',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': '1.000',
    'x-ratelimit-bucket': bucket,
  };
}

function send(res: ServerResponse, record: RestRecord, status: number, body: unknown, headers: Record<string, string>): void {
  record.status = status;
  record.response = body;
  if (res.destroyed || res.writableEnded) return;
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RestFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let body: unknown;
    const files: RestFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
        continue;
      }
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field, name: value.name, contentType: value.type || 'application/octet-stream', size: data.length, data });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function matchesPath(pattern: RegExp | string, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

/** Entry point for every HTTP request to the fake (the WebSocket upgrade is handled elsewhere). */
export async function handleRestRequest(fake: DiscordFake, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://fake');
  const underApi = url.pathname.startsWith(`${API_PREFIX}/`);
  const path = underApi ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  const record: RestRecord = {
    method,
    path,
    url: req.url ?? '/',
    query: Object.fromEntries(url.searchParams),
    headers,
    body: undefined,
    files: [],
    status: 0,
    response: undefined,
    at: Date.now(),
  };
  fake.rest.push(record);
  const what = `${method} ${url.pathname}${url.search}`;

  let parsed: { body: unknown; files: RestFile[] };
  try {
    parsed = await parseBody(await readBody(req), headers['content-type'] ?? '');
  } catch (err) {
    fake.unexpected.push(`${what}: unparseable body (${(err as Error).message})`);
    send(res, record, 400, { code: 50109, message: 'The request body contains invalid JSON.' }, {});
    return;
  }
  record.body = parsed.body;
  record.files = parsed.files;

  const intercept = fake.intercepts.find((i) => i.times > 0 && (i.method === '*' || i.method === method) && matchesPath(i.path, path) && (!i.withFiles || parsed.files.length > 0));
  let failAfter: RestIntercept | undefined;
  if (intercept) {
    intercept.times--;
    if (intercept.delayMs) await sleep(intercept.delayMs);
    if (intercept.applied) failAfter = intercept;
    else if (intercept.status !== undefined) {
      const body = intercept.body ?? { code: 0, message: `fake: injected ${intercept.status}` };
      send(res, record, intercept.status, body, { ...rateLimitHeaders(method, path), ...intercept.headers });
      return;
    }
  }

  let matched: { route: Route; params: Record<string, string> } | undefined;
  if (underApi) {
    for (const r of routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
      matched = { route: r, params };
      break;
    }
  }
  if (!matched) {
    fake.unexpected.push(`${what}: fake: unknown route${parsed.body !== undefined ? ` body=${JSON.stringify(parsed.body).slice(0, 200)}` : ''}`);
    send(res, record, 404, { message: 'fake: unknown route', code: 0 }, {});
    return;
  }
  const rl = rateLimitHeaders(method, matched.route.template);
  if (matched.route.auth && headers.authorization !== `Bot ${fake.token}`) {
    fake.unexpected.push(`${what}: bad or missing Authorization header (${headers.authorization ?? 'none'})`);
    send(res, record, 401, { message: '401: Unauthorized', code: 0 }, rl);
    return;
  }
  try {
    const reply = matched.route.handler({
      fake,
      params: matched.params,
      query: url.searchParams,
      body: (Array.isArray(parsed.body) ? parsed.body : asRecord(parsed.body)) as Record<string, unknown>,
      files: parsed.files,
    });
    if (failAfter?.status !== undefined) {
      send(res, record, failAfter.status, failAfter.body ?? { code: 0, message: `fake: injected ${failAfter.status}` }, { ...rl, ...failAfter.headers });
      return;
    }
    send(res, record, reply.status, reply.body, rl);
  } catch (err) {
    if (err instanceof ApiError) {
      send(res, record, err.status, { code: err.code, message: err.message, ...(err.errors ? { errors: err.errors } : {}) }, rl);
      return;
    }
    fake.unexpected.push(`${what}: fake handler crashed: ${(err as Error).stack ?? String(err)}`);
    send(res, record, 500, { code: 0, message: 'fake: handler crashed' }, rl);
  }
}
