// Send requests into a Bolt HTTP receiver the way Slack does: signed with the signing secret
// (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`), as slash commands, Events API callbacks or
// interactivity payloads. Uses the global `fetch`.
import { createHmac } from 'node:crypto';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/**
 * `signature`: a well-formed but wrong signature; `stale`: correctly signed with a timestamp
 * 10 minutes old (Bolt rejects > 5 min); `missing`: no signature headers at all.
 */
export type SlackTamper = 'signature' | 'stale' | 'missing';

export interface SignedPostOptions {
  tamper?: SlackTamper;
  /** Unix seconds used for signing; default now. */
  timestamp?: number;
  /** Extra headers (override the defaults). */
  headers?: Record<string, string>;
}

export interface SlackHttpResult {
  status: number;
  /** The raw response body ('' for a bare ack). */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  headers: Headers;
}

const nowSec = (): number => Math.floor(Date.now() / 1000);

export function signSlackRequest(signingSecret: string, body: string, timestamp: number = nowSec()): SlackSignatureHeaders {
  const hex = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hex}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** POST an already-serialized body, signed (or tampered) like Slack would. */
export async function postSigned(
  url: string,
  signingSecret: string,
  body: string,
  contentType: string,
  options: SignedPostOptions = {},
): Promise<SlackHttpResult> {
  const timestamp = options.tamper === 'stale' ? nowSec() - 10 * 60 : (options.timestamp ?? nowSec());
  let signature: Record<string, string> = { ...signSlackRequest(signingSecret, body, timestamp) };
  if (options.tamper === 'signature') {
    signature = { ...signSlackRequest(`${signingSecret}-wrong`, body, timestamp) };
  } else if (options.tamper === 'missing') {
    signature = {};
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signature, ...options.headers },
    body,
  });
  const text = await res.text();
  const result: SlackHttpResult = { status: res.status, body: text, headers: res.headers };
  if (text !== '' && /json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      result.json = JSON.parse(text) as unknown;
    } catch {
      // leave json unset
    }
  }
  return result;
}

export const SLASH_COMMAND_DEFAULTS: Readonly<Record<string, string>> = {
  token: 'legacy-verification-token',
  team_id: 'T_FAKE',
  team_domain: 'fake-team',
  channel_id: 'C_FAKE',
  channel_name: 'interviews',
  user_id: 'U_USER',
  user_name: 'candidate',
  command: '/interview',
  text: '',
  // Unroutable on purpose: pass `response_url: slack.responseUrl()` if the handler calls respond().
  response_url: 'http://127.0.0.1:9/response-url-not-set',
  trigger_id: '1337.42.trigger',
  api_app_id: 'A_FAKE',
};

/** A slash command as `application/x-www-form-urlencoded`; `fields` override SLASH_COMMAND_DEFAULTS. */
export function postSlashCommand(
  url: string,
  signingSecret: string,
  fields: Record<string, string> = {},
  options: SignedPostOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ ...SLASH_COMMAND_DEFAULTS, ...fields }).toString();
  return postSigned(url, signingSecret, body, 'application/x-www-form-urlencoded', options);
}

export interface PostEventOptions extends SignedPostOptions {
  /** Default: a fresh `Ev_FAKE…` id. */
  eventId?: string;
  /** Adds `x-slack-retry-num` and `x-slack-retry-reason` headers. */
  retryNum?: number;
  /** Default `http_timeout`. */
  retryReason?: string;
  /** Default `T_FAKE`. */
  teamId?: string;
  /** Default `A_FAKE`. */
  apiAppId?: string;
  /** The bot user in `authorizations`, default `U_BOT`. */
  botUserId?: string;
  /** Unix seconds, default now. */
  eventTime?: number;
}

let eventCounter = 0;

/** Builds the Events API `event_callback` envelope (exported for tests that want to inspect it). */
export function eventEnvelope(event: Record<string, unknown>, options: PostEventOptions = {}): Record<string, unknown> {
  eventCounter += 1;
  const teamId = options.teamId ?? 'T_FAKE';
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: options.apiAppId ?? 'A_FAKE',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev_FAKE${String(eventCounter).padStart(6, '0')}`,
    event_time: options.eventTime ?? nowSec(),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: options.botUserId ?? 'U_BOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** An Events API `event_callback` as JSON. */
export function postEvent(
  url: string,
  signingSecret: string,
  event: Record<string, unknown>,
  options: PostEventOptions = {},
): Promise<SlackHttpResult> {
  const body = JSON.stringify(eventEnvelope(event, options));
  const headers: Record<string, string> = {};
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return postSigned(url, signingSecret, body, 'application/json', {
    ...options,
    headers: { ...headers, ...options.headers },
  });
}

let userTsCounter = 0;

/** A unique, realistic (current-time) message ts for user messages in events. */
export function userMessageTs(): string {
  userTsCounter += 1;
  const ms = Date.now();
  const micros = (ms % 1000) * 1000 + (userTsCounter % 1000);
  return `${Math.floor(ms / 1000)}.${String(micros).padStart(6, '0')}`;
}

/**
 * A `message` event as Slack sends it for a user message. Pass `thread_ts` for a thread reply;
 * `ts` defaults to `userMessageTs()`. Extra fields are copied through.
 */
export function messageEvent(fields: {
  channel: string;
  user: string;
  text: string;
  ts?: string;
  thread_ts?: string;
  channel_type?: string;
  [key: string]: unknown;
}): Record<string, unknown> {
  const ts = fields.ts ?? userMessageTs();
  return { type: 'message', channel_type: 'channel', team: 'T_FAKE', ...fields, ts, event_ts: ts };
}

/** An interactivity request: `application/x-www-form-urlencoded` with `payload=<JSON>`. */
export function postInteraction(
  url: string,
  signingSecret: string,
  payload: Record<string, unknown>,
  options: SignedPostOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(url, signingSecret, body, 'application/x-www-form-urlencoded', options);
}

/** A `block_actions` payload for a button click (or any action) on a bot message. */
export function blockActionsPayload(fields: {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  /** ts of the message holding the button. */
  messageTs?: string;
  /** thread of that message, if any. */
  threadTs?: string;
  teamId?: string;
  /** Default `button`. */
  actionType?: string;
  responseUrl?: string;
}): Record<string, unknown> {
  const teamId = fields.teamId ?? 'T_FAKE';
  const channelId = fields.channelId ?? 'C_FAKE';
  const messageTs = fields.messageTs ?? '1700000000.000100';
  const message: Record<string, unknown> = { type: 'message', ts: messageTs, user: 'U_BOT', bot_id: 'B_BOT', text: '' };
  if (fields.threadTs) message.thread_ts = fields.threadTs;
  const container: Record<string, unknown> = { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false };
  if (fields.threadTs) container.thread_ts = fields.threadTs;
  return {
    type: 'block_actions',
    user: { id: fields.userId ?? 'U_USER', username: fields.userName ?? 'candidate', name: fields.userName ?? 'candidate', team_id: teamId },
    api_app_id: 'A_FAKE',
    token: 'legacy-verification-token',
    container,
    trigger_id: '1337.42.trigger',
    team: { id: teamId, domain: 'fake-team' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'interviews' },
    message,
    response_url: fields.responseUrl ?? 'http://127.0.0.1:9/response-url-not-set',
    actions: [
      {
        type: fields.actionType ?? 'button',
        action_id: fields.actionId,
        block_id: fields.blockId ?? 'block_1',
        value: fields.value ?? '',
        action_ts: `${nowSec()}.000000`,
      },
    ],
  };
}
