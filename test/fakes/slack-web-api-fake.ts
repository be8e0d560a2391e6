// A local fake of the Slack Web API for tests. The real `WebClient` (and the one inside a Bolt
// `App`) talks to it over loopback HTTP: give it `slackApiUrl: slack.apiUrl`. Everything it
// receives is recorded; anything it does not understand is answered with a Slack-style error
// AND listed in `unexpected`, so tests can `assertNoUnexpected()`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackFakeOptions {
  /** Default `T_FAKE`. */
  teamId?: string;
  /** Default `fake-team`. */
  teamName?: string;
  /** The bot's user id, default `U_BOT`. */
  botUserId?: string;
  /** The bot id, default `B_BOT`. */
  botId?: string;
  /** The bot's user name, default `interview-bot`. */
  botName?: string;
  /** Delay before every response, in ms (see `setLatency`). Default 0. */
  latencyMs?: number;
}

/** One Web API call as received (after parsing). `args` never contains `token`. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  /** Set when the fake answered `ok: false` (injected failure or Slack-style validation error). */
  error?: string;
}

export interface SlackFailure {
  /** The Slack error code, e.g. `ratelimited`, `channel_not_found`. */
  error: string;
  /** HTTP status, default 200 (429 when `error` is `ratelimited`). */
  status?: number;
  /** Seconds for the `Retry-After` header; default 1 when the status is 429. */
  retryAfter?: number;
  /** Carry the call out first, then answer with the failure (Slack posted, the client never heard). */
  applied?: boolean;
  /** Hold the answer this long (longer than the client's timeout: a timeout). */
  delayMs?: number;
}

export interface FakeSlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  /** Set on replies only (a thread parent has no `thread_ts` here). */
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  user?: string;
  bot_id?: string;
  team?: string;
  /** Present on messages created by `files.completeUploadExternal` into a channel/thread. */
  files?: Array<{ id: string; name: string; title: string }>;
  /** Set by `chat.update`; `ts` is a fresh ts from the same clock. */
  edited?: { user: string; ts: string };
  [key: string]: unknown;
}

export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  message_ts: string;
}

export interface FakeSlackFile {
  id: string;
  filename: string;
  title: string;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
  /** The uploaded bytes decoded as UTF-8. */
  content: string;
  bytes: Buffer;
}

export interface FakeSlackUser {
  id: string;
  name?: string;
  realName?: string;
  displayName?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isBot?: boolean;
  deleted?: boolean;
}

/** A POST received on a `slack.responseUrl()` URL (Bolt's `respond()`). */
export interface FakeSlackResponseUrlPost {
  id: string;
  body: unknown;
}

/** Custom method implementation: return the JSON body (`ok: true` is added when `ok` is absent). */
export type SlackMethodHandler = (
  args: Record<string, unknown>,
  call: SlackCall,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface SlackFake {
  /** e.g. `http://127.0.0.1:54321/api/` — pass as the WebClient's `slackApiUrl`. */
  readonly apiUrl: string;
  /** e.g. `http://127.0.0.1:54321` */
  readonly baseUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** Every `/api/<method>` call in arrival order, including failed and unknown ones. */
  readonly calls: SlackCall[];
  readonly ephemerals: FakeSlackEphemeral[];
  /** Files completed through `files.completeUploadExternal`. */
  readonly files: FakeSlackFile[];
  /** POSTs received on `responseUrl()` URLs. */
  readonly responses: FakeSlackResponseUrlPost[];
  /** Descriptions of requests the fake did not understand. */
  readonly unexpected: string[];
  callsOf(method: string): SlackCall[];
  /** Current state (updates applied) of the parent message and its replies, oldest first. */
  messagesInThread(channel: string, threadTs: string): FakeSlackMessage[];
  /** Current state of every message in a channel (parents and replies), oldest first. */
  messagesInChannel(channel: string): FakeSlackMessage[];
  /** Seed a message (e.g. a human's message that starts a thread). Returns its ts (allocated when absent). */
  addMessage(message: { channel: string; user: string; text?: string; ts?: string; thread_ts?: string; blocks?: unknown[] }): string;
  setUser(user: FakeSlackUser): void;
  /** The next call of `method` fails once with this error; calling it again queues more failures. */
  failNext(method: string, failure: SlackFailure): void;
  /** The next call of `method` goes through (so a failure queued after it hits a later call). */
  passNext(method: string): void;
  /** Failures (and passes) queued and not yet used, across methods. */
  pendingFailures(): number;
  setLatency(ms: number): void;
  /** Implement or override a method. Pass undefined to remove the override. */
  setHandler(method: string, handler: SlackMethodHandler | undefined): void;
  /** A URL on this fake to use as a slash command's / interaction's `response_url`. */
  responseUrl(id?: string): string;
  /**
   * A file a person shared (an image, a voice clip), served like Slack's `url_private`: GET with
   * `Authorization: Bearer xoxb-...` gets the bytes, anything else Slack's HTML sign-in page.
   * Returns the `url_private` to put in a `file_share` event.
   */
  addPrivateFile(file: { id: string; name: string; mimetype: string; bytes: Buffer }): string;
  /** GETs of `addPrivateFile` URLs, with the Authorization header they carried. */
  readonly fileDownloads: Array<{ id: string; authorization?: string }>;
  /** The next GET of private file `id` fails once: an HTTP status (429 with Retry-After) or a held answer (a timeout). */
  failNextDownload(id: string, failure: { status?: number; retryAfter?: number; delayMs?: number }): void;
  assertNoUnexpected(): void;
  clearUnexpected(): void;
  close(): Promise<void>;
}

const TS_BASE_SEC = 1_700_000_000;
const TS_STEP_MICROS = 100;

// Values the WebClient JSON-encodes inside form bodies; these are decoded back for tests.
const JSON_FIELDS = new Set([
  'attachments',
  'blocks',
  'files',
  'metadata',
  'prompts',
  'unfurls',
  'user_auth_blocks',
  'view',
]);

class BadRequest extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function compareTs(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  const d = Number(as) - Number(bs);
  if (d !== 0) return d;
  return Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}

function decodeFormValue(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new BadRequest(`form field \`${key}\` is not valid JSON: ${value.slice(0, 80)}`);
  }
}

function parseApiBody(body: Buffer, contentType: string): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = decodeFormValue(k, v);
    return out;
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadRequest(`body is not valid JSON: ${body.toString('utf8').slice(0, 80)}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BadRequest('JSON body is not an object');
    }
    return { ...(parsed as Record<string, unknown>) };
  }
  throw new BadRequest(`unsupported content-type "${contentType}"`);
}

interface MultipartPart {
  name?: string;
  filename?: string;
  data: Buffer;
}

function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundaryText = m?.[1] ?? m?.[2];
  if (!boundaryText) throw new BadRequest('multipart body without boundary');
  const boundary = Buffer.from(`--${boundaryText}`);
  const delimiter = Buffer.from(`\r\n--${boundaryText}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) throw new BadRequest('multipart body without opening boundary');
  pos += boundary.length;
  for (;;) {
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new BadRequest('multipart part without header terminator');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const end = body.indexOf(delimiter, headerEnd + 4);
    if (end < 0) throw new BadRequest('multipart part without closing boundary');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const part: MultipartPart = { data: body.subarray(headerEnd + 4, end) };
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) part.name = name;
    if (filename !== undefined) part.filename = filename;
    parts.push(part);
    pos = end + delimiter.length;
  }
}

const str = (args: Record<string, unknown>, key: string): string | undefined => {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
};

const arr = (args: Record<string, unknown>, key: string): unknown[] | undefined => {
  const v = args[key];
  return Array.isArray(v) ? v : undefined;
};

const fail = (error: string): Record<string, unknown> => ({ ok: false, error });

export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const teamId = options.teamId ?? 'T_FAKE';
  const teamName = options.teamName ?? 'fake-team';
  const botUserId = options.botUserId ?? 'U_BOT';
  const botId = options.botId ?? 'B_BOT';
  const botName = options.botName ?? 'interview-bot';
  let latencyMs = options.latencyMs ?? 0;

  const calls: SlackCall[] = [];
  const ephemerals: FakeSlackEphemeral[] = [];
  const files: FakeSlackFile[] = [];
  const responses: FakeSlackResponseUrlPost[] = [];
  const unexpected: string[] = [];
  const messages: FakeSlackMessage[] = []; // insertion order; mutated by chat.update
  const users = new Map<string, FakeSlackUser>();
  const failures = new Map<string, (SlackFailure | null)[]>();
  const handlers = new Map<string, SlackMethodHandler>();
  const pendingUploads = new Map<string, { filename: string; length?: number; bytes?: Buffer }>();
  /** Direct message channels opened by `conversations.open`. */
  const directMessages = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let tsCounter = 0;
  let fileCounter = 0;
  let responseCounter = 0;
  let viewCounter = 0;
  let baseUrl = '';
  const privateFiles = new Map<string, { mimetype: string; bytes: Buffer }>();
  const fileDownloads: Array<{ id: string; authorization?: string }> = [];
  const downloadFailures = new Map<string, Array<{ status?: number; retryAfter?: number; delayMs?: number }>>();

  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * TS_STEP_MICROS;
    const sec = TS_BASE_SEC + Math.floor(micros / 1_000_000);
    return `${sec}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };

  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const findMessage = (channel: string, ts: string) => messages.find((m) => m.channel === channel && m.ts === ts);
  const sortByTs = (list: FakeSlackMessage[]) => [...list].sort((a, b) => compareTs(a.ts, b.ts));
  const copy = (m: FakeSlackMessage): FakeSlackMessage => structuredClone(m);
  const threadOf = (channel: string, threadTs: string) =>
    sortByTs(messages.filter((m) => m.channel === channel && (m.ts === threadTs || m.thread_ts === threadTs)));

  const userProfile = (id: string) => {
    const u = users.get(id);
    const name = u?.name ?? id.toLowerCase();
    const realName = u?.realName ?? u?.name ?? id;
    const displayName = u?.displayName ?? u?.name ?? id;
    return {
      id,
      team_id: teamId,
      name,
      real_name: realName,
      deleted: u?.deleted ?? false,
      is_admin: u?.isAdmin ?? false,
      is_owner: u?.isOwner ?? false,
      is_bot: u?.isBot ?? false,
      profile: { display_name: displayName, real_name: realName },
    };
  };

  const builtins: Record<string, SlackMethodHandler> = {
    // A modal opened with a trigger_id (`/interview profile`): only a well-formed modal is accepted.
    'views.open': (args) => {
      const view = args.view as { type?: unknown; callback_id?: unknown; blocks?: unknown } | undefined;
      const trigger = str(args, 'trigger_id');
      if (!trigger || !view || view.type !== 'modal' || typeof view.callback_id !== 'string' || !Array.isArray(view.blocks) || view.blocks.length > 100) {
        unexpected.push(`views.open: needs a trigger_id and a modal view with a callback_id and at most 100 blocks (got ${JSON.stringify(args).slice(0, 200)})`);
        return fail(trigger ? 'invalid_arguments' : 'invalid_trigger_id');
      }
      viewCounter += 1;
      return { view: { ...view, id: `V_FAKE${viewCounter}`, team_id: teamId, state: { values: {} } } };
    },

    'auth.test': () => ({
      url: `https://${teamName}.slack.com/`,
      team: teamName,
      team_id: teamId,
      user: botName,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = str(args, 'channel');
      if (!channel) return fail('channel_not_found');
      const text = str(args, 'text');
      const blocks = arr(args, 'blocks');
      if (text === undefined && blocks === undefined && args.attachments === undefined) return fail('no_text');
      const message: FakeSlackMessage = { type: 'message', channel, ts: nextTs(), user: botUserId, bot_id: botId, team: teamId };
      if (text !== undefined) message.text = text;
      if (blocks !== undefined) message.blocks = blocks;
      const threadTs = str(args, 'thread_ts');
      if (threadTs) message.thread_ts = threadTs;
      if (args.metadata !== undefined) message.metadata = args.metadata;
      messages.push(message);
      const { channel: _c, ...rest } = copy(message);
      return { channel, ts: message.ts, message: rest };
    },

    'chat.update': (args) => {
      const channel = str(args, 'channel');
      const ts = str(args, 'ts');
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('message_not_found');
      const message = findMessage(channel, ts);
      if (!message) return fail('message_not_found');
      if ('text' in args) message.text = str(args, 'text') ?? '';
      if ('blocks' in args) {
        const blocks = arr(args, 'blocks');
        if (blocks && blocks.length > 0) message.blocks = blocks;
        else delete message.blocks;
      }
      if (args.metadata !== undefined) message.metadata = args.metadata;
      message.edited = { user: botUserId, ts: nextTs() };
      const { channel: _c, ...rest } = copy(message);
      return { channel, ts, text: message.text ?? '', message: rest };
    },

    'chat.postEphemeral': (args) => {
      const channel = str(args, 'channel');
      const user = str(args, 'user');
      if (!channel) return fail('channel_not_found');
      if (!user) return fail('user_not_found');
      const text = str(args, 'text');
      const blocks = arr(args, 'blocks');
      if (text === undefined && blocks === undefined && args.attachments === undefined) return fail('no_text');
      const eph: FakeSlackEphemeral = { channel, user, message_ts: nextTs() };
      if (text !== undefined) eph.text = text;
      if (blocks !== undefined) eph.blocks = blocks;
      const threadTs = str(args, 'thread_ts');
      if (threadTs) eph.thread_ts = threadTs;
      ephemerals.push(eph);
      return { message_ts: eph.message_ts };
    },

    // Opens (or finds) the bot's direct message with one person. Group DMs and `channel` are not faked: refused and listed in `unexpected`.
    'conversations.open': (args) => {
      const channel = str(args, 'channel');
      const ids = (str(args, 'users') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
      if (channel !== undefined || ids.length > 1) {
        unexpected.push(`conversations.open: only one user is faked (got ${channel !== undefined ? 'channel' : `${ids.length} users`})`);
        return fail('invalid_arguments');
      }
      const user = ids[0];
      if (!user) return fail('users_list_not_supplied');
      if (user === botUserId) return fail('cannot_dm_bot');
      if (users.get(user)?.deleted) return fail('user_disabled');
      const id = `D${user.replace(/^[UW]/, '')}`;
      const already = directMessages.has(id);
      directMessages.add(id);
      return { channel: { id }, ...(already ? { no_op: true, already_open: true } : {}) };
    },

    'users.info': (args) => {
      const user = str(args, 'user');
      if (!user) return fail('user_not_found');
      return { user: userProfile(user) };
    },

    'assistant.threads.setStatus': (args) => {
      if (!str(args, 'channel_id') || !str(args, 'thread_ts') || str(args, 'status') === undefined) {
        return fail('invalid_arguments');
      }
      return {};
    },

    // The channel's top-level messages, newest first (one page: the bot looks at recent ones only).
    'conversations.history': (args) => {
      const channel = str(args, 'channel');
      if (!channel) return fail('channel_not_found');
      const withMetadata = str(args, 'include_all_metadata') === 'true';
      const limit = Number(str(args, 'limit') ?? 100);
      const top = sortByTs(messages.filter((m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts))).reverse().slice(0, limit);
      const out = top.map((m) => {
        const { channel: _c, ...rest } = copy(m);
        if (!withMetadata) delete rest.metadata;
        return rest;
      });
      return { messages: out, has_more: false, response_metadata: { next_cursor: '' } };
    },

    'conversations.replies': (args) => {
      const channel = str(args, 'channel');
      const ts = str(args, 'ts');
      if (!channel) return fail('channel_not_found');
      if (!ts) return fail('thread_not_found');
      const thread = threadOf(channel, ts);
      if (thread.length === 0) return fail('thread_not_found');
      const replies = thread.filter((m) => m.ts !== ts);
      // Like Slack: message metadata only when asked for.
      const withMetadata = str(args, 'include_all_metadata') === 'true';
      const out = thread.map((m) => {
        const { channel: _c, ...rest } = copy(m);
        if (!withMetadata) delete rest.metadata;
        if (m.ts === ts && replies.length > 0) {
          return { ...rest, thread_ts: ts, reply_count: replies.length, latest_reply: replies[replies.length - 1]?.ts };
        }
        return rest;
      });
      return { messages: out, has_more: false, response_metadata: { next_cursor: '' } };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args, 'filename');
      const length = Number(str(args, 'length'));
      if (!filename) return fail('invalid_arguments');
      fileCounter += 1;
      const fileId = `F_FAKE${String(fileCounter).padStart(4, '0')}`;
      pendingUploads.set(fileId, Number.isFinite(length) ? { filename, length } : { filename });
      return { upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
    },

    'files.completeUploadExternal': (args) => {
      const list = arr(args, 'files');
      if (!list || list.length === 0) return fail('invalid_arguments');
      const done: FakeSlackFile[] = [];
      for (const entry of list) {
        const e = (entry ?? {}) as Record<string, unknown>;
        const id = str(e, 'id') ?? '';
        const pending = pendingUploads.get(id);
        if (!pending || !pending.bytes) {
          unexpected.push(`files.completeUploadExternal: file ${id} was ${pending ? 'never uploaded' : 'never requested'}`);
          return fail('file_not_found');
        }
        const file: FakeSlackFile = {
          id,
          filename: pending.filename,
          title: str(e, 'title') ?? pending.filename,
          content: pending.bytes.toString('utf8'),
          bytes: pending.bytes,
        };
        const channelId = str(args, 'channel_id');
        const threadTs = str(args, 'thread_ts');
        const comment = str(args, 'initial_comment');
        if (channelId) file.channel_id = channelId;
        if (threadTs) file.thread_ts = threadTs;
        if (comment !== undefined) file.initial_comment = comment;
        done.push(file);
      }
      for (const f of done) pendingUploads.delete(f.id);
      files.push(...done);
      const channelId = str(args, 'channel_id');
      if (channelId) {
        // Slack shares the files as one message in the channel/thread.
        const message: FakeSlackMessage = {
          type: 'message',
          channel: channelId,
          ts: nextTs(),
          user: botUserId,
          bot_id: botId,
          team: teamId,
          text: str(args, 'initial_comment') ?? '',
          files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title })),
        };
        const threadTs = str(args, 'thread_ts');
        if (threadTs) message.thread_ts = threadTs;
        messages.push(message);
      }
      return {
        files: done.map((f) => ({
          id: f.id,
          name: f.filename,
          title: f.title,
          size: f.bytes.length,
          mimetype: 'text/plain',
          url_private: `${baseUrl}/files/${f.id}`,
          permalink: `https://${teamName}.slack.com/files/${botUserId}/${f.id}/${f.filename}`,
        })),
      };
    },
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string, url: URL, raw: Buffer) => {
    let args: Record<string, unknown>;
    try {
      args = {};
      for (const [k, v] of url.searchParams) args[k] = decodeFormValue(k, v);
      Object.assign(args, parseApiBody(raw, req.headers['content-type'] ?? ''));
    } catch (err) {
      unexpected.push(`${method}: unparseable request: ${(err as Error).message}`);
      sendJson(res, 400, fail('invalid_form_data'));
      return;
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const bodyToken = str(args, 'token');
    delete args.token;
    const token = bearer ?? bodyToken;
    const call: SlackCall = { method, args };
    if (token) call.token = token;
    calls.push(call);

    const respondError = (status: number, error: string, headers: Record<string, string> = {}) => {
      call.error = error;
      sendJson(res, status, fail(error), headers);
    };

    if (!token) {
      unexpected.push(`${method}: called without a token`);
      respondError(200, 'not_authed');
      return;
    }
    const handler = handlers.get(method) ?? builtins[method];
    if (!handler) {
      unexpected.push(`unknown method ${method} (args: ${JSON.stringify(args).slice(0, 200)})`);
      respondError(200, 'unknown_method');
      return;
    }
    const failure = failures.get(method)?.shift();
    if (failure) {
      const status = failure.status ?? (failure.error === 'ratelimited' ? 429 : 200);
      const headers: Record<string, string> = {};
      const retryAfter = failure.retryAfter ?? (status === 429 ? 1 : undefined);
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      if (failure.applied) await handler(args, call);
      if (failure.delayMs) await hold(failure.delayMs);
      respondError(status, failure.error, headers);
      return;
    }
    const result = await handler(args, call);
    const body = 'ok' in result ? result : { ok: true, ...result };
    if (body.ok === false) call.error = String(body.error ?? 'unknown_error');
    sendJson(res, 200, body);
  };

  const handleUpload = (req: IncomingMessage, res: ServerResponse, fileId: string, raw: Buffer) => {
    const pending = pendingUploads.get(fileId);
    if (!pending) {
      unexpected.push(`upload to unknown file id ${fileId}`);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    let bytes = raw;
    if (/^multipart\/form-data/i.test(contentType)) {
      try {
        const parts = parseMultipart(raw, contentType);
        const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
        if (!part) throw new BadRequest('multipart body without parts');
        bytes = part.data;
      } catch (err) {
        unexpected.push(`upload ${fileId}: ${(err as Error).message}`);
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad multipart');
        return;
      }
    }
    pending.bytes = Buffer.from(bytes);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  };

  const handleResponseUrl = (req: IncomingMessage, res: ServerResponse, id: string, raw: Buffer) => {
    let body: unknown = raw.toString('utf8');
    if (/application\/json/i.test(req.headers['content-type'] ?? '')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        unexpected.push(`response_url ${id}: invalid JSON body`);
        sendJson(res, 400, fail('invalid_json'));
        return;
      }
    }
    responses.push({ id, body });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    if (latencyMs > 0) await hold(latencyMs);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const httpMethod = (req.method ?? 'GET').toUpperCase();
    if (httpMethod === 'GET' && path.startsWith('/files-pri/')) {
      const id = decodeURIComponent(path.split('/')[2] ?? '');
      const authorization = req.headers.authorization;
      fileDownloads.push({ id, ...(authorization ? { authorization } : {}) });
      const failure = downloadFailures.get(id)?.shift();
      if (failure?.delayMs) await hold(failure.delayMs);
      if (failure?.status) {
        const headers: Record<string, string> = failure.status === 429 ? { 'retry-after': String(failure.retryAfter ?? 1) } : {};
        return void sendJson(res, failure.status, fail(failure.status === 429 ? 'ratelimited' : 'fatal_error'), headers);
      }
      const file = privateFiles.get(id);
      if (!file) return void sendJson(res, 404, fail('file_not_found'));
      if (!authorization?.startsWith('Bearer xoxb-')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to Slack</html>');
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) }).end(file.bytes);
      return;
    }
    if (httpMethod !== 'POST' && !(httpMethod === 'GET' && path.startsWith('/api/'))) {
      unexpected.push(`${httpMethod} ${path}: unsupported HTTP method`);
      sendJson(res, 405, fail('method_not_allowed'));
      return;
    }
    if (path.startsWith('/api/') && path.length > '/api/'.length) {
      await handleApi(req, res, decodeURIComponent(path.slice('/api/'.length)), url, raw);
    } else if (path.startsWith('/upload/')) {
      handleUpload(req, res, decodeURIComponent(path.slice('/upload/'.length)), raw);
    } else if (path.startsWith('/response/')) {
      handleResponseUrl(req, res, decodeURIComponent(path.slice('/response/'.length)), raw);
    } else {
      unexpected.push(`${httpMethod} ${path}: unknown path`);
      sendJson(res, 404, fail('unknown_method'));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      unexpected.push(`fake internal error on ${req.method} ${req.url}: ${String(err)}`);
      sendJson(res, 500, fail('fake_internal_error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    teamId,
    botUserId,
    botId,
    calls,
    ephemerals,
    files,
    responses,
    unexpected,
    callsOf: (method) => calls.filter((c) => c.method === method),
    messagesInThread: (channel, threadTs) => threadOf(channel, threadTs).map(copy),
    messagesInChannel: (channel) => sortByTs(messages.filter((m) => m.channel === channel)).map(copy),
    addMessage: (m) => {
      const ts = m.ts ?? nextTs();
      if (findMessage(m.channel, ts)) throw new Error(`slack fake: message ${m.channel}/${ts} already exists`);
      const message: FakeSlackMessage = { type: 'message', channel: m.channel, ts, user: m.user, team: teamId };
      if (m.text !== undefined) message.text = m.text;
      if (m.blocks !== undefined) message.blocks = m.blocks;
      if (m.thread_ts !== undefined && m.thread_ts !== ts) message.thread_ts = m.thread_ts;
      messages.push(message);
      return ts;
    },
    setUser: (user) => {
      users.set(user.id, { ...user });
    },
    failNext: (method, failure) => {
      const queue = failures.get(method) ?? [];
      queue.push({ ...failure });
      failures.set(method, queue);
    },
    passNext: (method) => {
      const queue = failures.get(method) ?? [];
      queue.push(null);
      failures.set(method, queue);
    },
    pendingFailures: () => [...failures.values()].reduce((n, q) => n + q.length, 0),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setHandler: (method, handler) => {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    fileDownloads,
    failNextDownload: (id, failure) => {
      const queue = downloadFailures.get(id) ?? [];
      queue.push({ ...failure });
      downloadFailures.set(id, queue);
    },
    addPrivateFile: (file) => {
      privateFiles.set(file.id, { mimetype: file.mimetype, bytes: file.bytes });
      return `${baseUrl}/files-pri/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`;
    },
    responseUrl: (id) => {
      responseCounter += 1;
      return `${baseUrl}/response/${encodeURIComponent(id ?? `r${responseCounter}`)}`;
    },
    assertNoUnexpected: () => {
      if (unexpected.length > 0) {
        throw new Error(`slack fake received ${unexpected.length} unexpected request(s):\n- ${unexpected.join('\n- ')}`);
      }
    },
    clearUnexpected: () => {
      unexpected.length = 0;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
