// A local fake of Discord's REST API and gateway for tests. The REAL discord.js `Client` connects
// to it over loopback: REST through `@discordjs/rest` (undici) and the gateway through
// `@discordjs/ws`, so heartbeats, READY/GUILD_CREATE caching, RESUME after a dropped socket,
// interaction callbacks, webhooks, threads and API errors are all exercised for real.
//
//   const fake = await startDiscordFake();
//   const client = new Client({ intents, ...fake.clientOptions() });
//   await client.login(fake.token);
//
// The REST routes live in ./discord-fake-rest.ts and the WebSocket side in ./discord-fake-gateway.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FakeGateway,
  randomToken,
  shardOwns,
  type GatewaySession,
  type IdentifyRecord,
  type ReceivedPayload,
  type ResumeRecord,
} from './discord-fake-gateway.js';
import {
  ApiError,
  CallbackType,
  ChannelType,
  InteractionType,
  MessageFlag,
  handleRestRequest,
  snowflake,
  type RestIntercept,
  type RestRecord,
} from './discord-fake-rest.js';

export type { IdentifyRecord, ReceivedPayload, ResumeRecord } from './discord-fake-gateway.js';
export type { RestRecord, RestFile } from './discord-fake-rest.js';
export { ApiError, CallbackType, ChannelType, InteractionType, MessageFlag, snowflake };

// ---------------------------------------------------------------------------------------------
// Constants

/** Gateway intent bits (same values as discord.js `GatewayIntentBits`). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Permission bits (same values as discord.js `PermissionFlagsBits`). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;





const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.CreatePrivateThreads |
  Permission.SendMessagesInThreads;
const DEFAULT_BOT_PERMISSIONS =
  DEFAULT_EVERYONE_PERMISSIONS | Permission.ManageMessages | Permission.ManageThreads | Permission.ManageChannels;

/** Ready-made `failNext` options for the errors a bot usually has to survive. */
export const DiscordErrors = {
  missingPermissions: { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
  missingAccess: { status: 403, body: { code: 50001, message: 'Missing Access' } },
  unknownChannel: { status: 404, body: { code: 10003, message: 'Unknown Channel' } },
  unknownMessage: { status: 404, body: { code: 10008, message: 'Unknown Message' } },
  unknownWebhook: { status: 404, body: { code: 10015, message: 'Unknown Webhook' } },
  unknownInteraction: { status: 404, body: { code: 10062, message: 'Unknown interaction' } },
  alreadyAcknowledged: { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } },
  invalidWebhookToken: { status: 401, body: { code: 50027, message: 'Invalid Webhook Token' } },
  archivedThread: { status: 400, body: { code: 50083, message: 'Thread is archived' } },
  serverError: { status: 500, body: { code: 0, message: '500: Internal Server Error' } },
  /** A per-route (non-global) 429; @discordjs/rest waits `retryAfterSeconds` and retries by itself. */
  rateLimited: (retryAfterSeconds = 0.05) => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false, code: 0 },
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-scope': 'user',
    },
  }),
} as const;

// ---------------------------------------------------------------------------------------------
// API object shapes (snake_case, as on the wire). Only the fields the fake sets are typed.

export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot: boolean;
  [key: string]: unknown;
}

export interface ApiChannel {
  id: string;
  type: number;
  guild_id?: string;
  name?: string;
  parent_id?: string | null;
  owner_id?: string;
  last_message_id?: string | null;
  message_count?: number;
  member_count?: number;
  thread_metadata?: {
    archived: boolean;
    auto_archive_duration: number;
    archive_timestamp: string;
    locked: boolean;
    invitable?: boolean;
    create_timestamp?: string;
  };
  [key: string]: unknown;
}

export interface ApiMessage {
  id: string;
  type: number;
  channel_id: string;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  mentions: ApiUser[];
  [key: string]: unknown;
}

export interface ApiCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options?: unknown[];
  version: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Configuration and records

export interface FakeChannelSpec {
  id?: string;
  name: string;
  /** 0 text (default), 5 announcement, 15 forum, 4 category, 11/12 thread (needs `parentId`). */
  type?: number;
  parentId?: string | null;
  topic?: string | null;
}

export interface FakeGuildSpec {
  id?: string;
  name?: string;
  /** Defaults to the fake's admin user. */
  ownerId?: string;
  /** Default: a text channel `general` and a forum channel `interviews`. */
  channels?: FakeChannelSpec[];
}

export interface DiscordFakeOptions {
  /** HELLO heartbeat interval; default 45000. Tests that want to see heartbeats can use ~1000. */
  heartbeatIntervalMs?: number;
  /** The bot token. REST `Authorization: Bot <token>` and IDENTIFY/RESUME must match it. Default `fake-bot-token`. */
  token?: string;
  bot?: { id?: string; username?: string };
  /** Default: same as the bot user id (as for real bots). */
  applicationId?: string;
  guilds?: FakeGuildSpec[];
  /** Permissions of the @everyone role; default: view/send/history/threads/embed/attach/react/use commands. */
  everyonePermissions?: bigint;
  /** Permissions of the bot's managed role (added to @everyone); default adds ManageMessages/Threads/Channels. */
  botPermissions?: bigint;
  /**
   * Echo what the bot does back over the gateway like Discord does (MESSAGE_CREATE/UPDATE/DELETE for
   * its messages, THREAD_CREATE/UPDATE/DELETE for its threads). Default true.
   */
  echoBotEvents?: boolean;
  /** False: the application has not been granted privileged intents (Message Content, Members, Presences). */
  privilegedIntents?: boolean;
  /**
   * If set, an interaction not acknowledged within this many ms answers its callback with 10062
   * Unknown interaction (Discord's limit is 3000). Default: no deadline.
   */
  interactionAckDeadlineMs?: number;
}

export interface FakeMemberSpec {
  id?: string;
  username: string;
  globalName?: string | null;
  /** The member gets a role with ADMINISTRATOR (8). */
  admin?: boolean;
  bot?: boolean;
  /** Extra role ids (must exist in the guild). */
  roles?: string[];
  nick?: string | null;
  /** Default: the first guild. */
  guildId?: string;
}

export type MessageSource = 'user' | 'bot' | 'interaction';

export interface StoredMessage {
  message: ApiMessage;
  guildId: string | null;
  source: MessageSource;
  deleted: boolean;
  /** Interaction that produced this message (reply, deferred reply or follow-up). */
  interactionId?: string;
}

export interface MessageLogEntry {
  kind: 'create' | 'edit' | 'delete';
  /** Snapshot of the message after the operation. */
  message: ApiMessage;
  source: MessageSource;
  at: number;
}

export interface InteractionResponseRecord {
  interactionId: string;
  token: string;
  /** Callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update message, 8 autocomplete, 9 modal. */
  type: number;
  data: Record<string, unknown> | undefined;
  flags: number;
  ephemeral: boolean;
  /** `?with_response=true` was requested (the callback then answered 200 with JSON). */
  withResponse: boolean;
  at: number;
}

export interface WebhookCallRecord {
  interactionId: string;
  token: string;
  kind: 'followUp' | 'getMessage' | 'editMessage' | 'deleteMessage';
  /** Resolved message id (`@original` is resolved to the real id when known). */
  messageId: string | null;
  original: boolean;
  body: unknown;
  at: number;
}

export interface RegisteredCommandsRecord {
  /** null for global commands. */
  guildId: string | null;
  method: 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  commands: ApiCommand[];
  at: number;
}

export interface InteractionState {
  id: string;
  token: string;
  type: number;
  applicationId: string;
  guildId: string | null;
  channelId: string;
  userId: string;
  createdAt: number;
  acknowledged: boolean;
  responseType: number | null;
  ephemeral: boolean;
  /** Token invalidated with `expireInteraction` (callback → 10062, webhooks → 50027). */
  expired: boolean;
  /** For components/modals from a message: the message the component was on. */
  sourceMessageId: string | null;
  /** What `@original` refers to once acknowledged. */
  originalMessageId: string | null;
  followUpIds: string[];
  /** The full INTERACTION_CREATE payload that was dispatched. */
  payload: Record<string, unknown>;
}

export interface SendMessageSpec {
  /** Default: the first text channel. Threads work too. */
  channelId?: string;
  /** Default: the channel's guild. */
  guildId?: string;
  /** Default: `fake.candidate.id`. Must be a known user (see `addMember`). */
  authorId?: string;
  content: string;
  /** Override the author's bot flag (e.g. to simulate another bot). */
  bot?: boolean;
  /** Message type; default 0 (19 when `replyTo` is set). */
  type?: number;
  /** User ids mentioned; use `fake.botUser.id` to mention the bot. */
  mentions?: string[];
  /** Message id this message replies to. */
  replyTo?: string;
  embeds?: unknown[];
  attachments?: unknown[];
}

export interface CommandOptionSpec {
  name: string;
  value: string | number | boolean;
  /** Option type; inferred when omitted (3 string, 4 integer, 10 number, 5 boolean). 6 user, 7 channel, 8 role. */
  type?: number;
  focused?: boolean;
}

interface InteractionCommon {
  channelId?: string;
  guildId?: string;
  /** Default: `fake.candidate.id`. */
  userId?: string;
  locale?: string;
}

export interface CommandInteractionSpec extends InteractionCommon {
  /** Default `interview`. */
  name?: string;
  subcommandGroup?: string;
  /** e.g. `start`; leaf options go under it. */
  subcommand?: string;
  options?: CommandOptionSpec[];
  /** Default: the id of the registered command with that name, else a fresh snowflake. */
  commandId?: string;
}

export interface ButtonInteractionSpec extends InteractionCommon {
  customId: string;
  /** The message carrying the button; default: a fresh bot message with that button. */
  messageId?: string;
}

export interface SelectInteractionSpec extends ButtonInteractionSpec {
  values: string[];
}

export interface ModalInteractionSpec extends InteractionCommon {
  customId: string;
  /** Text-input values by custom id. */
  fields: Record<string, string>;
  /** When the modal was opened from a message component. */
  messageId?: string;
}

export type InteractionSpec =
  | ({ kind: 'command' } & CommandInteractionSpec)
  | ({ kind: 'autocomplete' } & CommandInteractionSpec)
  | ({ kind: 'button' } & ButtonInteractionSpec)
  | ({ kind: 'select' } & SelectInteractionSpec)
  | ({ kind: 'modal' } & ModalInteractionSpec);

export interface SentInteraction {
  id: string;
  token: string;
}

interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  roles: Array<Record<string, unknown> & { id: string; permissions: string }>;
  everyoneRoleId: string;
  botRoleId: string;
  adminRoleId: string;
  members: Map<string, { userId: string; roles: string[]; nick: string | null; joinedAt: string }>;
  joinedAt: string;
}



/** What `waitFor` resolves with: the predicate's value minus the falsy cases. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

const iso = (ms = Date.now()) => new Date(ms).toISOString();
const clone = <T>(v: T): T => structuredClone(v);

// ---------------------------------------------------------------------------------------------

export class DiscordFake {
  /** e.g. `http://127.0.0.1:PORT/api` — pass as the discord.js client's `rest.api`. */
  readonly apiUrl: string;
  /** Files a person attached (a voice message, an image), served at `GET /cdn/<id>/<name>` like Discord's CDN. */
  readonly cdnFiles = new Map<string, { contentType: string; bytes: Buffer }>();
  /** GETs of `cdnFiles` URLs, in order. */
  readonly cdnDownloads: string[] = [];
  /** e.g. `ws://127.0.0.1:PORT` — what `GET /gateway/bot` returns. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: ApiUser;
  /** Default guild member with ADMINISTRATOR; owner of the default guild. */
  readonly admin: ApiUser;
  /** Default ordinary guild member; default author of `sendMessage` and interactions. */
  readonly candidate: ApiUser;
  /** The first configured guild. */
  readonly guildId: string;
  /** The first text channel (type 0) of the first guild. */
  readonly textChannelId: string;
  /** The first forum channel (type 15) of the first guild, if any. */
  readonly forumChannelId: string | undefined;

  /** Every REST request in arrival order (including failed and unknown ones). */
  readonly rest: RestRecord[] = [];
  /** Requests/payloads the fake could not handle; see `assertNoUnexpected`. */
  readonly unexpected: string[] = [];
  readonly interactionResponses: InteractionResponseRecord[] = [];
  readonly webhookCalls: WebhookCallRecord[] = [];
  readonly registeredCommands: RegisteredCommandsRecord[] = [];
  /** Every message create/edit/delete (bot, user and interaction messages), in order. */
  readonly messageLog: MessageLogEntry[] = [];

  readonly users = new Map<string, ApiUser>();
  readonly channels = new Map<string, ApiChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionState>();
  /** Current commands: key `global` or a guild id. */
  readonly commands = new Map<string, ApiCommand[]>();

  /** @internal used by the REST handler */
  readonly intercepts: RestIntercept[] = [];
  /** @internal */
  readonly guilds = new Map<string, GuildState>();
  /** @internal */
  readonly options: Required<Pick<DiscordFakeOptions, 'echoBotEvents'>> & DiscordFakeOptions;

  private readonly gateway: FakeGateway;
  private readonly threadIds: string[] = [];

  private constructor(
    private readonly server: Server,
    port: number,
    options: DiscordFakeOptions,
  ) {
    this.options = { echoBotEvents: true, ...options };
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.token = options.token ?? 'fake-bot-token';
    const botId = options.bot?.id ?? snowflake();
    this.applicationId = options.applicationId ?? botId;
    this.botUser = this.putUser({ id: botId, username: options.bot?.username ?? 'interview-bot', bot: true });
    this.admin = this.putUser({ id: snowflake(), username: 'admin', globalName: 'Admin User' });
    this.candidate = this.putUser({ id: snowflake(), username: 'candidate', globalName: 'Candidate' });

    const specs = options.guilds?.length ? options.guilds : [{}];
    for (const spec of specs) this.createGuild(spec);
    const first = [...this.guilds.values()][0]!;
    this.guildId = first.id;
    const guildChannels = [...this.channels.values()].filter((c) => c.guild_id === first.id);
    const text = guildChannels.find((c) => c.type === ChannelType.GuildText);
    if (!text) throw new Error('discord fake: the first guild needs a text channel');
    this.textChannelId = text.id;
    this.forumChannelId = guildChannels.find((c) => c.type === ChannelType.GuildForum)?.id;

    this.gateway = new FakeGateway(
      server,
      { heartbeatIntervalMs: options.heartbeatIntervalMs ?? 45_000, wsUrl: this.gatewayUrl },
      {
        acceptToken: (token) => token === this.token,
        // GuildMembers (1 << 1), GuildPresences (1 << 8), MessageContent (1 << 15).
        acceptIntents: (intents) => this.options.privilegedIntents !== false || (intents & ((1 << 1) | (1 << 8) | (1 << 15))) === 0,
        onIdentify: (session) => this.readyDispatches(session),
        onRequestGuildMembers: (d) => this.memberChunks(d),
        unexpected: (msg) => this.unexpected.push(msg),
      },
    );
  }

  static async start(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
    const holder: { fake?: DiscordFake } = {};
    const server = createServer((req, res) => {
      if (!holder.fake) {
        res.writeHead(503).end();
        return;
      }
      if (req.method === 'GET' && req.url?.startsWith('/cdn/')) {
        const id = decodeURIComponent(req.url.split('/')[2] ?? '');
        holder.fake.cdnDownloads.push(id);
        const file = holder.fake.cdnFiles.get(id);
        if (!file) return void res.writeHead(404).end();
        return void res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) }).end(file.bytes);
      }
      void handleRestRequest(holder.fake, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new DiscordFake(server, port, options);
    return holder.fake;
  }

  /** A file on the fake's CDN; returns its URL (same origin as `apiUrl`). */
  addCdnFile(file: { id: string; name: string; contentType: string; bytes: Buffer }): string {
    this.cdnFiles.set(file.id, { contentType: file.contentType, bytes: file.bytes });
    return `${new URL(this.apiUrl).origin}/cdn/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`;
  }

  /** Spread into `new Client({ intents, ...fake.clientOptions() })`. */
  clientOptions(): { rest: { api: string; version: string } } {
    return { rest: { api: this.apiUrl, version: '10' } };
  }

  // ----- gateway ------------------------------------------------------------------------------

  /** IDENTIFY payloads received (token, intents, shard, properties…). */
  get identifies(): IdentifyRecord[] {
    return this.gateway.identifies;
  }
  get resumes(): ResumeRecord[] {
    return this.gateway.resumes;
  }
  /** Every gateway payload received from clients (heartbeats included). */
  get gatewayReceived(): ReceivedPayload[] {
    return this.gateway.received;
  }
  /** WebSocket connections accepted so far. */
  get gatewayConnections(): number {
    return this.gateway.connectionCount;
  }
  /** Intents of the latest IDENTIFY, or undefined before any. */
  get intents(): number | undefined {
    return this.gateway.identifies.at(-1)?.intents;
  }
  /** Sessions currently connected (identified or resumed, socket open). */
  get connectedSessions(): number {
    return this.gateway.connectedSessions().length;
  }
  /** Set false to stop answering heartbeats (discord.js then reconnects as a zombie connection). */
  set ackHeartbeats(value: boolean) {
    this.gateway.ackHeartbeats = value;
  }
  /** Set true to cut every new gateway connection at once (with dropConnections: the gateway is down). */
  set refuseConnections(value: boolean) {
    this.gateway.refuseConnections = value;
  }

  /**
   * Sends a raw dispatch (op 0) to every live session; while a session's socket is down the event
   * is kept and replayed on RESUME. Throws when no client has identified yet.
   */
  dispatch(t: string, d: unknown): number {
    const n = this.gateway.dispatch(t, d);
    if (n === 0) throw new Error(`discord fake: dispatch(${t}) but no gateway session — log the client in first`);
    return n;
  }

  /**
   * Closes every gateway socket (default close code 4000, which discord.js resumes from; `abrupt`
   * terminates the TCP connection → client sees 1006). Sessions stay resumable. Returns the count.
   */
  dropConnections(opts: { code?: number; abrupt?: boolean } = {}): number {
    return this.gateway.dropConnections(opts);
  }

  /** The next RESUME gets INVALID_SESSION (d: false) → discord.js re-IDENTIFIES (after a ~5 s identify throttle). */
  invalidateSessions(): void {
    this.gateway.invalidateSessions();
  }

  /** Sends op 7 RECONNECT to every connected client. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  // ----- configuration ------------------------------------------------------------------------

  /** Adds a user and guild member. With a logged-in client, dispatches GUILD_MEMBER_ADD (GuildMembers intent). */
  addMember(spec: FakeMemberSpec): ApiUser & { admin: boolean } {
    const guild = this.guildState(spec.guildId ?? this.guildId);
    const user = this.putUser({ id: spec.id ?? snowflake(), username: spec.username, globalName: spec.globalName, bot: spec.bot });
    const roles = [...(spec.roles ?? [])];
    if (spec.admin) roles.push(guild.adminRoleId);
    guild.members.set(user.id, { userId: user.id, roles, nick: spec.nick ?? null, joinedAt: iso() });
    this.gateway.dispatch('GUILD_MEMBER_ADD', (s: GatewaySession) =>
      s.intents & Intent.GuildMembers ? { ...this.memberJson(guild.id, user.id), guild_id: guild.id } : undefined,
    );
    return { ...user, admin: Boolean(spec.admin) };
  }

  /**
   * Adds a channel (or, with `parentId` and type 11/12, a thread owned by `ownerId`, default the
   * candidate). With a logged-in client, dispatches CHANNEL_CREATE / THREAD_CREATE.
   */
  addChannel(spec: FakeChannelSpec & { guildId?: string; ownerId?: string }): ApiChannel {
    const guildId = spec.guildId ?? this.guildId;
    const type = spec.type ?? ChannelType.GuildText;
    if (type === ChannelType.PublicThread || type === ChannelType.PrivateThread || type === ChannelType.AnnouncementThread) {
      if (!spec.parentId) throw new Error('discord fake: addChannel for a thread needs parentId');
      return this.createThread({
        parentId: spec.parentId,
        name: spec.name,
        type,
        ownerId: spec.ownerId ?? this.candidate.id,
        id: spec.id,
      });
    }
    const channel = this.channelJson(guildId, { ...spec, type });
    this.channels.set(channel.id, channel);
    this.gateway.dispatch('CHANNEL_CREATE', (s: GatewaySession) => (s.intents & Intent.Guilds ? clone(channel) : undefined));
    return channel;
  }

  // ----- events into the bot ------------------------------------------------------------------

  /**
   * Dispatches MESSAGE_CREATE as if a user wrote `content` (full message object with member) and
   * returns the message id. Content is blanked for sessions without the MessageContent intent
   * unless the bot is mentioned, as Discord does.
   */
  sendMessage(spec: SendMessageSpec): string {
    const channelId = spec.channelId ?? this.textChannelId;
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`discord fake: sendMessage to unknown channel ${channelId}`);
    const authorId = spec.authorId ?? this.candidate.id;
    const author = this.users.get(authorId);
    if (!author) throw new Error(`discord fake: sendMessage from unknown user ${authorId} — addMember first`);
    const mentions = (spec.mentions ?? []).map((id) => {
      const u = this.users.get(id);
      if (!u) throw new Error(`discord fake: mention of unknown user ${id}`);
      return clone(u);
    });
    const message = this.buildMessage({
      channelId,
      author: spec.bot === undefined ? clone(author) : { ...clone(author), bot: spec.bot },
      content: spec.content,
      type: spec.type ?? (spec.replyTo ? 19 : 0),
      mentions,
      embeds: spec.embeds,
      attachments: spec.attachments,
    });
    if (spec.replyTo) {
      const ref = this.messages.get(spec.replyTo);
      message.message_reference = { type: 0, message_id: spec.replyTo, channel_id: channelId, guild_id: channel.guild_id };
      message.referenced_message = ref ? clone(ref.message) : null;
    }
    const guildId = spec.guildId ?? channel.guild_id ?? null;
    this.storeMessage(message, guildId, 'user');
    this.bumpChannel(channel, message.id);
    this.dispatchMessage('MESSAGE_CREATE', this.messages.get(message.id)!, true);
    return message.id;
  }

  /**
   * A user edits their message: the stored message gets the new content and an
   * `edited_timestamp`, and MESSAGE_UPDATE is dispatched with the whole message (plus guild_id
   * and member), as Discord does. Only user messages: the bot edits its own over REST.
   */
  editUserMessage(messageId: string, content: string): void {
    const stored = this.messages.get(messageId);
    if (!stored || stored.deleted) throw new Error(`discord fake: editUserMessage of unknown message ${messageId}`);
    if (stored.source !== 'user') throw new Error(`discord fake: editUserMessage of a ${stored.source} message ${messageId}; bots edit over REST`);
    stored.message.content = content;
    stored.message.edited_timestamp = iso();
    this.messageLog.push({ kind: 'edit', message: clone(stored.message), source: 'user', at: Date.now() });
    this.dispatchMessage('MESSAGE_UPDATE', stored, true);
  }

  /**
   * Dispatches an INTERACTION_CREATE payload given whole (e.g. a sample from Discord's
   * documentation) and registers its token, so the bot's callback and webhook calls work as for
   * `sendCommand`. The payload needs `id`, `token`, `type`, `application_id`, `channel_id` and a
   * user (`member.user` in a guild, else `user`); anything missing throws.
   */
  sendInteractionPayload(payload: Record<string, unknown>): SentInteraction {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const member = payload.member as { user?: { id?: unknown } } | undefined;
    const userId = str(member?.user?.id) ?? str((payload.user as { id?: unknown } | undefined)?.id);
    const id = str(payload.id);
    const token = str(payload.token);
    const channelId = str(payload.channel_id) ?? str((payload.channel as { id?: unknown } | undefined)?.id);
    const applicationId = str(payload.application_id);
    if (!id || !token || typeof payload.type !== 'number' || !channelId || !userId || !applicationId) {
      throw new Error('discord fake: sendInteractionPayload needs id, token, type, application_id, channel_id and member.user or user');
    }
    if (applicationId !== this.applicationId) throw new Error(`discord fake: interaction for application ${applicationId}, not ${this.applicationId}`);
    if (!this.channels.has(channelId)) throw new Error(`discord fake: interaction in unknown channel ${channelId}`);
    if (!this.users.has(userId)) throw new Error(`discord fake: interaction from unknown user ${userId} — addMember first`);
    if (this.interactions.has(id)) throw new Error(`discord fake: interaction ${id} was already sent`);
    this.registerInteractionToken({
      id,
      token,
      type: payload.type,
      applicationId,
      guildId: str(payload.guild_id) ?? null,
      channelId,
      userId,
      createdAt: Date.now(),
      acknowledged: false,
      responseType: null,
      ephemeral: false,
      expired: false,
      sourceMessageId: str((payload.message as { id?: unknown } | undefined)?.id) ?? null,
      originalMessageId: null,
      followUpIds: [],
      payload: clone(payload),
    });
    this.dispatch('INTERACTION_CREATE', clone(payload));
    return { id, token };
  }

  /** Dispatches INTERACTION_CREATE; returns the interaction id and token. */
  sendInteraction(spec: InteractionSpec): SentInteraction {
    switch (spec.kind) {
      case 'command':
        return this.sendCommand(spec);
      case 'autocomplete':
        return this.sendAutocomplete(spec);
      case 'button':
        return this.sendButton(spec);
      case 'select':
        return this.sendSelect(spec);
      case 'modal':
        return this.sendModalSubmit(spec);
    }
  }

  /** Slash command (type 2, data.type 1), e.g. `/interview start topic:…`. */
  sendCommand(spec: CommandInteractionSpec = {}): SentInteraction {
    return this.emitInteraction(InteractionType.ApplicationCommand, spec, this.commandData(spec), null);
  }

  /** Autocomplete (type 4); mark the option being typed with `focused: true`. */
  sendAutocomplete(spec: CommandInteractionSpec): SentInteraction {
    if (!(spec.options ?? []).some((o) => o.focused)) {
      throw new Error('discord fake: sendAutocomplete needs one option with focused: true');
    }
    return this.emitInteraction(InteractionType.Autocomplete, spec, this.commandData(spec), null);
  }

  /** Button click (type 3, component_type 2) on `messageId` (default: a fresh bot message carrying the button). */
  sendButton(spec: ButtonInteractionSpec): SentInteraction {
    const message = this.componentMessage(spec, { type: 2, style: 1, label: spec.customId, custom_id: spec.customId });
    return this.emitInteraction(
      InteractionType.MessageComponent,
      spec,
      { custom_id: spec.customId, component_type: 2 },
      message,
    );
  }

  /** String select (type 3, component_type 3) with the chosen values. */
  sendSelect(spec: SelectInteractionSpec): SentInteraction {
    const message = this.componentMessage(spec, {
      type: 3,
      custom_id: spec.customId,
      options: spec.values.map((v) => ({ label: v, value: v })),
    });
    return this.emitInteraction(
      InteractionType.MessageComponent,
      spec,
      { custom_id: spec.customId, component_type: 3, values: spec.values },
      message,
    );
  }

  /** Modal submit (type 5) with text inputs in action rows. */
  sendModalSubmit(spec: ModalInteractionSpec): SentInteraction {
    const message = spec.messageId ? this.requireMessage(spec.messageId) : null;
    const data = {
      custom_id: spec.customId,
      components: Object.entries(spec.fields).map(([customId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: customId, value }],
      })),
    };
    return this.emitInteraction(InteractionType.ModalSubmit, spec, data, message);
  }

  /** Invalidates an interaction token: callback → 10062 Unknown interaction, webhooks → 50027 Invalid Webhook Token. */
  expireInteraction(id: string): void {
    const state = this.interactions.get(id);
    if (!state) throw new Error(`discord fake: unknown interaction ${id}`);
    state.expired = true;
  }

  // ----- failure injection --------------------------------------------------------------------

  /**
   * The next `times` (default 1) requests matching method (`*` = any) and path (relative to
   * `/api/v10`, no query; a RegExp or an exact string) get this status/body instead of being
   * handled. Note @discordjs/rest retries 5xx up to 3 times and 429 until it succeeds.
   * `withFiles`: only requests that carry files (uploads) match.
   */
  failNext(
    method: string,
    path: RegExp | string,
    opts: { status: number; body?: unknown; headers?: Record<string, string>; times?: number; delayMs?: number; applied?: boolean; withFiles?: boolean },
  ): void {
    this.intercepts.push({ ...opts, method: method.toUpperCase(), path, times: opts.times ?? 1 });
  }

  /** Delays (then handles normally) the next `times` matching requests. */
  delayNext(method: string, path: RegExp | string, delayMs: number, times = 1): void {
    this.intercepts.push({ method: method.toUpperCase(), path, times, delayMs });
  }

  /** Injected failures/delays not consumed yet. */
  get pendingIntercepts(): number {
    return this.intercepts.filter((i) => i.times > 0).length;
  }

  // ----- inspection ---------------------------------------------------------------------------

  /**
   * Current state (after edits) of every non-deleted message in a channel or thread, oldest
   * first: user messages, bot messages and interaction replies (ephemeral ones have flags & 64).
   */
  messagesIn(channelId: string): ApiMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.message.channel_id === channelId && !m.deleted)
      .map((m) => m.message);
  }

  /** Messages the bot created in a channel (channel sends and interaction replies), current state. */
  botMessagesIn(channelId: string): ApiMessage[] {
    return this.messagesIn(channelId).filter((m) => m.author.id === this.botUser.id);
  }

  /** Thread channels (created by the bot over REST or with `addChannel`), in creation order. */
  get threads(): ApiChannel[] {
    return this.threadIds.map((id) => this.channels.get(id)).filter((c): c is ApiChannel => c !== undefined);
  }

  /** Callbacks for one interaction. */
  responsesFor(interactionId: string): InteractionResponseRecord[] {
    return this.interactionResponses.filter((r) => r.interactionId === interactionId);
  }

  /** The message `@original` points at for an interaction (reply, deferred reply or updated message). */
  originalMessage(interactionId: string): ApiMessage | undefined {
    const id = this.interactions.get(interactionId)?.originalMessageId;
    return id ? this.messages.get(id)?.message : undefined;
  }

  /** Current global (no guildId) or guild command list. */
  currentCommands(guildId?: string): ApiCommand[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  /**
   * Polls `predicate` every 5 ms until it returns a truthy value (returned) or throws the last
   * error/timeout after `timeoutMs` (default 2000). A throwing predicate counts as "not yet".
   */
  async waitFor<T>(predicate: () => T | Promise<T>, timeoutMs = 2000, what = 'condition'): Promise<Truthy<T>> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await predicate();
        if (value) return value as Truthy<T>;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) {
        const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
        throw new Error(`discord fake: timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits for a REST request matching method and path (RegExp or exact), counting from `since` (index into `rest`). */
  waitForRest(method: string, path: RegExp | string, opts: { timeoutMs?: number; since?: number } = {}): Promise<RestRecord> {
    const m = method.toUpperCase();
    return this.waitFor(
      () =>
        this.rest
          .slice(opts.since ?? 0)
          .find((r) => r.method === m && (typeof path === 'string' ? r.path === path : path.test(r.path)) && r.status !== 0),
      opts.timeoutMs ?? 2000,
      `${m} ${String(path)}`,
    );
  }

  /** Throws listing everything the fake could not handle (unknown routes, bad gateway payloads, auth failures…). */
  assertNoUnexpected(): void {
    if (this.unexpected.length) {
      throw new Error(`discord fake got ${this.unexpected.length} unexpected request(s):\n  ${this.unexpected.join('\n  ')}`);
    }
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ===== internals used by the REST handler ===================================================

  /** @internal */
  guildState(id: string): GuildState {
    const g = this.guilds.get(id);
    if (!g) throw new ApiError(404, 10004, 'Unknown Guild');
    return g;
  }

  /** @internal */
  requireChannel(id: string): ApiChannel {
    const c = this.channels.get(id);
    if (!c) throw new ApiError(404, 10003, 'Unknown Channel');
    return c;
  }

  /** @internal */
  requireMessage(id: string, channelId?: string): ApiMessage {
    const m = this.messages.get(id);
    if (!m || m.deleted || (channelId !== undefined && m.message.channel_id !== channelId)) {
      throw new ApiError(404, 10008, 'Unknown Message');
    }
    return m.message;
  }

  /** @internal Full guild object as in GUILD_CREATE / GET /guilds/:id. */
  guildJson(guildId: string, full: boolean): Record<string, unknown> {
    const g = this.guildState(guildId);
    const base: Record<string, unknown> = {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: clone(g.roles),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500000,
      max_video_channel_users: 25,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      widget_enabled: false,
      widget_channel_id: null,
    };
    if (!full) return base;
    const channels = [...this.channels.values()].filter((c) => c.guild_id === guildId);
    return {
      ...base,
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: g.members.size,
      voice_states: [],
      members: [...g.members.keys()].map((id) => this.memberJson(guildId, id)),
      channels: clone(channels.filter((c) => !this.isThread(c))),
      threads: clone(channels.filter((c) => this.isThread(c) && !c.thread_metadata?.archived)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      incidents_data: null,
    };
  }

  /** @internal Guild member object (with user). */
  memberJson(guildId: string, userId: string): Record<string, unknown> {
    const g = this.guildState(guildId);
    const m = g.members.get(userId);
    if (!m) throw new ApiError(404, 10007, 'Unknown Member');
    return {
      user: clone(this.users.get(userId)!),
      nick: m.nick,
      avatar: null,
      banner: null,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  /** @internal Total guild permissions of a member as a decimal string (ADMINISTRATOR included if any role has it). */
  permissionsOf(guildId: string, userId: string): string {
    const g = this.guildState(guildId);
    const m = g.members.get(userId);
    let bits = BigInt(g.roles.find((r) => r.id === g.everyoneRoleId)!.permissions);
    for (const roleId of m?.roles ?? []) {
      const role = g.roles.find((r) => r.id === roleId);
      if (role) bits |= BigInt(role.permissions);
    }
    if (g.ownerId === userId) bits |= Permission.Administrator;
    return bits.toString();
  }

  /** @internal */
  isThread(c: ApiChannel): boolean {
    return c.type === ChannelType.PublicThread || c.type === ChannelType.PrivateThread || c.type === ChannelType.AnnouncementThread;
  }

  /** @internal Builds a message object (REST shape: no guild_id/member). */
  buildMessage(spec: {
    channelId: string;
    author: ApiUser;
    content?: string;
    type?: number;
    flags?: number;
    embeds?: unknown[];
    components?: unknown[];
    attachments?: unknown[];
    mentions?: ApiUser[];
    id?: string;
  }): ApiMessage {
    return {
      id: spec.id ?? snowflake(),
      type: spec.type ?? 0,
      channel_id: spec.channelId,
      author: spec.author,
      content: spec.content ?? '',
      timestamp: iso(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: spec.mentions ?? [],
      mention_roles: [],
      mention_channels: [],
      attachments: spec.attachments ?? [],
      embeds: spec.embeds ?? [],
      components: spec.components ?? [],
      reactions: [],
      pinned: false,
      flags: spec.flags ?? 0,
    };
  }

  /** @internal */
  storeMessage(message: ApiMessage, guildId: string | null, source: MessageSource, interactionId?: string): StoredMessage {
    const stored: StoredMessage = { message, guildId, source, deleted: false, interactionId };
    this.messages.set(message.id, stored);
    this.messageLog.push({ kind: 'create', message: clone(message), source, at: Date.now() });
    return stored;
  }

  /** @internal Applies content/embeds/components/flags/attachments from an edit body. */
  editMessage(id: string, body: Record<string, unknown>): StoredMessage {
    const stored = this.messages.get(id);
    if (!stored || stored.deleted) throw new ApiError(404, 10008, 'Unknown Message');
    const m = stored.message;
    if (typeof body.content === 'string' || body.content === null) m.content = (body.content as string | null) ?? '';
    if (Array.isArray(body.embeds)) m.embeds = body.embeds;
    if (Array.isArray(body.components)) m.components = body.components;
    if (Array.isArray(body.attachments)) m.attachments = body.attachments;
    if (typeof body.flags === 'number') m.flags = (m.flags & ~MessageFlag.IsComponentsV2) | body.flags;
    m.flags &= ~MessageFlag.Loading;
    m.edited_timestamp = iso();
    this.messageLog.push({ kind: 'edit', message: clone(m), source: stored.source, at: Date.now() });
    return stored;
  }

  /** @internal */
  deleteMessage(id: string): StoredMessage {
    const stored = this.messages.get(id);
    if (!stored || stored.deleted) throw new ApiError(404, 10008, 'Unknown Message');
    stored.deleted = true;
    this.messageLog.push({ kind: 'delete', message: clone(stored.message), source: stored.source, at: Date.now() });
    return stored;
  }

  /** @internal Updates last_message_id / thread counters for a new message. */
  bumpChannel(channel: ApiChannel, messageId: string): void {
    channel.last_message_id = messageId;
    if (this.isThread(channel)) {
      channel.message_count = (channel.message_count ?? 0) + 1;
      channel.total_message_sent = ((channel.total_message_sent as number | undefined) ?? 0) + 1;
    }
  }

  /**
   * @internal Dispatches MESSAGE_CREATE/UPDATE (with guild_id + member) honouring GuildMessages and
   * MessageContent intents. `force` is for user messages (always sent); bot echoes obey echoBotEvents.
   */
  dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', stored: StoredMessage, force = false): void {
    if (!force && !this.options.echoBotEvents) return;
    if (stored.message.flags & MessageFlag.Ephemeral) return;
    const { message, guildId } = stored;
    const payload: Record<string, unknown> = clone(message);
    if (guildId) {
      payload.guild_id = guildId;
      const member = this.guilds.get(guildId)?.members.get(message.author.id);
      if (member && !message.webhook_id) {
        const { user: _user, ...rest } = this.memberJson(guildId, message.author.id);
        payload.member = rest;
      }
    }
    const mentionsBot = message.mentions.some((u) => u.id === this.botUser.id);
    const ownMessage = message.author.id === this.botUser.id;
    this.gateway.dispatch(t, (s: GatewaySession) => {
      const needed = guildId ? Intent.GuildMessages : Intent.DirectMessages;
      if (!(s.intents & needed)) return undefined;
      if (!guildId || ownMessage || mentionsBot || s.intents & Intent.MessageContent) return payload;
      return { ...payload, content: '', embeds: [], attachments: [], components: [] };
    });
  }

  /** @internal */
  dispatchMessageDelete(stored: StoredMessage): void {
    if (!this.options.echoBotEvents || stored.message.flags & MessageFlag.Ephemeral) return;
    const d = { id: stored.message.id, channel_id: stored.message.channel_id, ...(stored.guildId ? { guild_id: stored.guildId } : {}) };
    this.gateway.dispatch('MESSAGE_DELETE', (s: GatewaySession) =>
      s.intents & (stored.guildId ? Intent.GuildMessages : Intent.DirectMessages) ? d : undefined,
    );
  }

  /** @internal Dispatches channel/thread create/update/delete for the Guilds intent. */
  dispatchChannelEvent(kind: 'CREATE' | 'UPDATE' | 'DELETE', channel: ApiChannel, extra: Record<string, unknown> = {}): void {
    if (!this.options.echoBotEvents) return;
    const t = `${this.isThread(channel) ? 'THREAD' : 'CHANNEL'}_${kind}`;
    const d = { ...clone(channel), ...extra };
    this.gateway.dispatch(t, (s: GatewaySession) => (s.intents & Intent.Guilds ? d : undefined));
  }

  /** @internal Creates a thread under a text/announcement/forum channel. */
  createThread(spec: {
    parentId: string;
    name: string;
    type?: number;
    ownerId?: string;
    autoArchiveDuration?: number;
    id?: string;
    rateLimitPerUser?: number;
    appliedTags?: string[];
    invitable?: boolean;
  }): ApiChannel {
    const parent = this.requireChannel(spec.parentId);
    const ownerId = spec.ownerId ?? this.botUser.id;
    const now = iso();
    const type = spec.type ?? ChannelType.PublicThread;
    const id = spec.id ?? snowflake();
    const thread: ApiChannel = {
      id,
      type,
      guild_id: parent.guild_id,
      parent_id: parent.id,
      owner_id: ownerId,
      name: spec.name,
      last_message_id: null,
      rate_limit_per_user: spec.rateLimitPerUser ?? 0,
      flags: 0,
      message_count: 0,
      total_message_sent: 0,
      member_count: 1,
      applied_tags: spec.appliedTags ?? [],
      thread_metadata: {
        archived: false,
        auto_archive_duration: spec.autoArchiveDuration ?? 1440,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
        ...(type === ChannelType.PrivateThread ? { invitable: spec.invitable ?? true } : {}),
      },
      member: { id, user_id: ownerId, join_timestamp: now, flags: 0 },
    };
    this.channels.set(thread.id, thread);
    this.threadIds.push(thread.id);
    this.dispatchChannelEvent('CREATE', thread, { newly_created: true });
    return thread;
  }

  /** @internal */
  registerInteractionToken(state: InteractionState): void {
    this.interactions.set(state.id, state);
  }

  /** @internal */
  interactionByToken(token: string): InteractionState | undefined {
    for (const s of this.interactions.values()) if (s.token === token) return s;
    return undefined;
  }

  // ===== private helpers ======================================================================

  private putUser(spec: { id: string; username: string; globalName?: string | null; bot?: boolean }): ApiUser {
    const user: ApiUser = {
      id: spec.id,
      username: spec.username,
      discriminator: '0',
      global_name: spec.globalName === undefined ? (spec.bot ? null : spec.username) : spec.globalName,
      avatar: null,
      bot: spec.bot ?? false,
      system: false,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
    this.users.set(user.id, user);
    return user;
  }

  private createGuild(spec: FakeGuildSpec): void {
    const id = spec.id ?? snowflake();
    const everyonePerms = this.options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS;
    const botPerms = this.options.botPermissions ?? DEFAULT_BOT_PERMISSIONS;
    const role = (roleId: string, name: string, position: number, permissions: bigint, managed = false) => ({
      id: roleId,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: permissions.toString(),
      managed,
      mentionable: false,
      flags: 0,
      ...(managed ? { tags: { bot_id: this.botUser.id } } : {}),
    });
    const botRoleId = snowflake();
    const adminRoleId = snowflake();
    const joinedAt = iso();
    const guild: GuildState = {
      id,
      name: spec.name ?? 'Fake Guild',
      ownerId: spec.ownerId ?? this.admin.id,
      roles: [
        role(id, '@everyone', 0, everyonePerms),
        role(botRoleId, this.botUser.username, 1, botPerms, true),
        role(adminRoleId, 'Admin', 2, Permission.Administrator),
      ],
      everyoneRoleId: id,
      botRoleId,
      adminRoleId,
      members: new Map(),
      joinedAt,
    };
    guild.members.set(this.botUser.id, { userId: this.botUser.id, roles: [botRoleId], nick: null, joinedAt });
    guild.members.set(this.admin.id, { userId: this.admin.id, roles: [adminRoleId], nick: null, joinedAt });
    guild.members.set(this.candidate.id, { userId: this.candidate.id, roles: [], nick: null, joinedAt });
    this.guilds.set(id, guild);
    const channels = spec.channels ?? [
      { name: 'general', type: ChannelType.GuildText },
      { name: 'interviews', type: ChannelType.GuildForum },
    ];
    channels.forEach((c, position) => {
      const channel = this.channelJson(id, { ...c, position });
      this.channels.set(channel.id, channel);
      if (this.isThread(channel)) this.threadIds.push(channel.id);
    });
  }

  private channelJson(guildId: string, spec: FakeChannelSpec & { position?: number }): ApiChannel {
    const type = spec.type ?? ChannelType.GuildText;
    const base: ApiChannel = {
      id: spec.id ?? snowflake(),
      type,
      guild_id: guildId,
      name: spec.name,
      position: spec.position ?? 0,
      permission_overwrites: [],
      parent_id: spec.parentId ?? null,
      nsfw: false,
      flags: 0,
    };
    if (type === ChannelType.GuildCategory) return base;
    Object.assign(base, {
      topic: spec.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_auto_archive_duration: 1440,
      default_thread_rate_limit_per_user: 0,
    });
    if (type === ChannelType.GuildForum) {
      Object.assign(base, {
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
      });
    }
    return base;
  }

  private readyDispatches(session: { id: string; resumeUrl: string; shard: [number, number] | null }): Array<{ t: string; d: unknown }> {
    const guildIds = [...this.guilds.keys()].filter((id) => shardOwns(session.shard, id));
    return [
      {
        t: 'READY',
        d: {
          v: 10,
          user: { ...clone(this.botUser), verified: true, mfa_enabled: false, email: null },
          guilds: guildIds.map((id) => ({ id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: session.resumeUrl,
          shard: session.shard ?? [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          presences: [],
          relationships: [],
          guild_join_requests: [],
          user_settings: {},
          geo_ordered_rtc_regions: [],
          session_type: 'normal',
          auth: {},
          _trace: ['["fake-discord-gateway",{"micros":0}]'],
        },
      },
      ...guildIds.map((id) => ({ t: 'GUILD_CREATE', d: this.guildJson(id, true) })),
    ];
  }

  private memberChunks(d: Record<string, unknown>): Array<Record<string, unknown>> {
    const guildIds = Array.isArray(d.guild_id) ? (d.guild_id as string[]) : [String(d.guild_id)];
    return guildIds
      .filter((id) => this.guilds.has(id))
      .map((guildId) => {
        const g = this.guildState(guildId);
        let ids = [...g.members.keys()];
        if (Array.isArray(d.user_ids)) ids = ids.filter((id) => (d.user_ids as string[]).includes(id));
        else if (typeof d.user_ids === 'string') ids = ids.filter((id) => id === d.user_ids);
        if (typeof d.query === 'string' && d.query) {
          const q = d.query.toLowerCase();
          ids = ids.filter((id) => this.users.get(id)!.username.toLowerCase().startsWith(q));
        }
        if (typeof d.limit === 'number' && d.limit > 0) ids = ids.slice(0, d.limit);
        return {
          guild_id: guildId,
          members: ids.map((id) => this.memberJson(guildId, id)),
          chunk_index: 0,
          chunk_count: 1,
          not_found: [],
          ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
        };
      });
  }

  private commandData(spec: CommandInteractionSpec): Record<string, unknown> {
    const name = spec.name ?? 'interview';
    const guildId = spec.guildId ?? this.guildId;
    const registered =
      this.currentCommands(guildId).find((c) => c.name === name) ?? this.currentCommands().find((c) => c.name === name);
    const resolved: Record<string, Record<string, unknown>> = {};
    const leaf = (spec.options ?? []).map((o) => {
      const type = o.type ?? inferOptionType(o.value);
      if (type === 6) {
        const user = this.users.get(String(o.value));
        if (user) {
          (resolved.users ??= {})[user.id] = clone(user);
          const member = this.guilds.get(guildId)?.members.get(user.id);
          if (member) {
            const { user: _u, ...m } = this.memberJson(guildId, user.id);
            (resolved.members ??= {})[user.id] = { ...m, permissions: this.permissionsOf(guildId, user.id) };
          }
        }
      } else if (type === 7) {
        const channel = this.channels.get(String(o.value));
        if (channel) (resolved.channels ??= {})[channel.id] = { ...clone(channel), permissions: this.permissionsOf(guildId, this.botUser.id) };
      } else if (type === 8) {
        const role = this.guilds.get(guildId)?.roles.find((r) => r.id === String(o.value));
        if (role) (resolved.roles ??= {})[role.id] = clone(role);
      }
      return { name: o.name, type, value: o.value, ...(o.focused ? { focused: true } : {}) };
    });
    let options: unknown[] = leaf;
    if (spec.subcommand) options = [{ type: 1, name: spec.subcommand, options: leaf }];
    if (spec.subcommandGroup) options = [{ type: 2, name: spec.subcommandGroup, options }];
    return {
      id: spec.commandId ?? registered?.id ?? snowflake(),
      name,
      type: 1,
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
      options,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
  }

  private componentMessage(spec: ButtonInteractionSpec, component: Record<string, unknown>): ApiMessage {
    if (spec.messageId) return this.requireMessage(spec.messageId);
    const channelId = spec.channelId ?? this.textChannelId;
    const channel = this.requireChannel(channelId);
    const message = this.buildMessage({
      channelId,
      author: clone(this.botUser),
      content: 'fake: message with a component',
      components: [{ type: 1, components: [component] }],
    });
    this.storeMessage(message, channel.guild_id ?? null, 'bot');
    this.bumpChannel(channel, message.id);
    return message;
  }

  private emitInteraction(
    type: number,
    spec: InteractionCommon,
    data: Record<string, unknown>,
    message: ApiMessage | null,
  ): SentInteraction {
    const channelId = spec.channelId ?? message?.channel_id ?? this.textChannelId;
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`discord fake: interaction in unknown channel ${channelId}`);
    const guildId = spec.guildId ?? channel.guild_id ?? null;
    const userId = spec.userId ?? this.candidate.id;
    const user = this.users.get(userId);
    if (!user) throw new Error(`discord fake: interaction from unknown user ${userId} — addMember first`);
    const id = snowflake();
    const token = `fake-interaction-${randomToken(32)}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      data,
      channel_id: channelId,
      channel: clone(channel),
      user: clone(user),
      token,
      version: 1,
      locale: spec.locale ?? 'en-US',
      entitlements: [],
      context: guildId ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (guildId) {
      Object.assign(payload, {
        guild_id: guildId,
        guild: { id: guildId, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        member: { ...this.memberJson(guildId, userId), permissions: this.permissionsOf(guildId, userId) },
        app_permissions: this.permissionsOf(guildId, this.botUser.id),
        authorizing_integration_owners: { '0': guildId },
      });
    } else {
      Object.assign(payload, { app_permissions: DEFAULT_BOT_PERMISSIONS.toString(), authorizing_integration_owners: { '1': userId } });
    }
    if (message) {
      payload.message = { ...clone(message), ...(guildId ? { guild_id: guildId } : {}) };
    }
    this.registerInteractionToken({
      id,
      token,
      type,
      applicationId: this.applicationId,
      guildId,
      channelId,
      userId,
      createdAt: Date.now(),
      acknowledged: false,
      responseType: null,
      ephemeral: false,
      expired: false,
      sourceMessageId: message?.id ?? null,
      originalMessageId: null,
      followUpIds: [],
      payload,
    });
    this.dispatch('INTERACTION_CREATE', payload);
    return { id, token };
  }
}

function inferOptionType(value: string | number | boolean): number {
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 5;
  return Number.isInteger(value) ? 4 : 10;
}

export function startDiscordFake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
  return DiscordFake.start(options);
}
