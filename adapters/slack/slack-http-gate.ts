import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, verifySlackRequest, type BufferedIncomingMessage, type CodedError, type HTTPReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import type { SignedRequestReplays } from './replay-guard.js';
import { checkSlackBody, unreadableNoticeTarget, type UnreadableNoticeTarget } from './slack-payloads.js';

export const SLACK_HTTP_LIMITS = {
  /** Slack's own payloads are a few kB (a 40,000-character message is under 200 kB). */
  maxBodyBytes: 1024 * 1024,
  /** Slack's rule: a request more than five minutes from now, either way, is refused. */
  maxClockSkewSec: 5 * 60,
  /** After a 413, how long the response gets to leave before the connection is cut. */
  closeGraceMs: 1_000,
} as const;

export interface SlackHttpGateOptions {
  receiver: HTTPReceiver;
  signingSecret: string;
  /** The path Bolt receives Slack's requests on (`/slack/events`). */
  endpoint: string;
  logger: Logger;
  boltLogger: BoltLogger;
  metrics: AppMetrics;
  replays: SignedRequestReplays;
  maxBodyBytes?: number;
  maxClockSkewSec?: number;
  /** An event or button press that failed validation, from a known person: told privately (after the ack). */
  onUnreadable?: (target: UnreadableNoticeTarget) => void;
}

type Outcome = 'too_large' | 'bad_timestamp' | 'bad_signature' | 'malformed' | 'invalid_payload' | 'replay' | 'ssl_check';

/**
 * What stands between the network and Bolt's HTTP receiver on `POST /slack/events`. Bolt buffers
 * a whole body (without limit) before it checks the signature, accepts timestamps from the
 * future, runs a replayed command again, and never answers a signed body of `null`. Here, in
 * order, each step before any work of the next:
 *
 * 1. size: a `Content-Length` over 1 MB, or a body whose bytes pass 1 MB while it is read, is
 *    answered 413 and the connection cut; nothing past the limit is kept;
 * 2. time: `x-slack-request-timestamp` more than 5 minutes from now, past or future: 401;
 * 3. signature: Bolt's own `verifySlackRequest`: 401;
 * 4. shape: not JSON, or JSON that is not an object of a kind Slack sends: 400; a payload that
 *    fails the schemas of `slack-payloads.ts`: a slash command is answered 200 with a private
 *    "That command could not be read: ..." and an event or interaction 200 with nothing done
 *    (Slack would only send it again), with one warning logged that names fields, never values;
 * 5. replay: a slash command or interaction whose signature was seen within the window is
 *    answered 200 and not run again (`SignedRequestReplays`);
 *
 * and then hands the buffered body to Bolt (`req.rawBody`, which Bolt reads instead of the
 * stream). Every other path (`/healthz`, `/metrics`, the custom routes) goes to Bolt untouched.
 */
export function slackHttpGate(options: SlackHttpGateOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBytes = options.maxBodyBytes ?? SLACK_HTTP_LIMITS.maxBodyBytes;
  const skewSec = options.maxClockSkewSec ?? SLACK_HTTP_LIMITS.maxClockSkewSec;
  const log = options.logger.child({ component: 'SlackAdapter' });

  const count = (outcome: Outcome) => options.metrics.chatEvents.inc({ kind: 'http_request', outcome });

  const toBolt = (req: IncomingMessage, res: ServerResponse) => {
    try {
      options.receiver.requestListener(req, res);
    } catch (error) {
      // Bolt throws for a path it does not serve; its default handler answers 404.
      HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as CodedError, logger: options.boltLogger, request: req, response: res });
    }
  };

  const refuse = (res: ServerResponse, status: number, outcome: Outcome) => {
    count(outcome);
    log.debug({ operation: 'http_gate', metadata: { status, outcome } }, 'Slack request refused');
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${outcome.replace('_', ' ')}\n`);
  };

  const tooLarge = (req: IncomingMessage, res: ServerResponse) => {
    count('too_large');
    log.debug({ operation: 'http_gate', metadata: { status: 413 } }, 'Slack request body over the limit');
    // Nothing more is read: a paused request stops Node reading the socket (TCP then holds the
    // sender back), and a no-op listener keeps Node from draining the rest after the answer.
    req.on('data', () => undefined);
    req.pause();
    // Not `Connection: close` (even when the client asked for it): Node would destroy the socket
    // the moment the answer is flushed, and a client still sending would often lose the answer
    // to the reset. The answer goes out, the client gets a moment to read it, then the
    // connection is cut.
    res.shouldKeepAlive = true;
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`request body over ${maxBytes} bytes\n`);
    res.once('finish', () => setTimeout(() => req.socket.destroy(), SLACK_HTTP_LIMITS.closeGraceMs).unref());
  };

  async function gate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) return tooLarge(req, res);
    const raw = await readBody(req, maxBytes);
    if (raw === 'too_large') return tooLarge(req, res);
    if (raw === 'aborted') return;
    const text = raw.toString('utf8');
    const form = req.headers['content-type'] === 'application/x-www-form-urlencoded';
    const fields = form ? parseQuery(text) : undefined;
    // Slack's certificate check is unsigned by design; Bolt answers it without reading more.
    if (fields?.ssl_check === '1') {
      count('ssl_check');
      res.writeHead(200).end();
      return;
    }

    const timestamp = singleHeader(req, 'x-slack-request-timestamp');
    const nowSec = Math.floor(Date.now() / 1000);
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || Math.abs(nowSec - Number(timestamp)) > skewSec) return refuse(res, 401, 'bad_timestamp');
    const signature = singleHeader(req, 'x-slack-signature') ?? '';
    try {
      verifySlackRequest({ signingSecret: options.signingSecret, body: text, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) } });
    } catch {
      return refuse(res, 401, 'bad_signature');
    }

    let body: unknown;
    const interaction = fields?.payload !== undefined;
    try {
      if (interaction && typeof fields!.payload !== 'string') throw new Error('more than one payload');
      body = interaction ? JSON.parse(fields!.payload as string) : form ? fields : JSON.parse(text);
    } catch {
      return refuse(res, 400, 'malformed');
    }
    const check = checkSlackBody(body, { interaction });
    switch (check.verdict) {
      case 'reject':
        log.warn({ operation: 'validate_payload', metadata: { problems: [check.problem] } }, 'A signed Slack request is not a Slack payload; answered 400');
        return refuse(res, 400, 'malformed');
      case 'unreadable-command':
        count('invalid_payload');
        log.warn({ operation: 'validate_payload', metadata: { kind: 'command', problems: check.problems } }, 'A slash command failed validation; the user was told');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ response_type: 'ephemeral', text: check.reply }));
        return;
      case 'drop': {
        count('invalid_payload');
        const tell = unreadableNoticeTarget(check.kind, body);
        log.warn({ operation: 'validate_payload', metadata: { kind: check.kind, problems: check.problems, told: Boolean(tell && options.onUnreadable) } }, 'A Slack payload failed validation; nothing was done');
        res.writeHead(200).end();
        if (tell) options.onUnreadable?.(tell);
        return;
      }
      case 'pass':
        break;
    }

    if (form) {
      const request = { signature, workspaceId: workspaceOf(body), expiresAtMs: (Number(timestamp) + skewSec + 1) * 1000 };
      if (!(await options.replays.claim(request))) {
        count('replay');
        log.info({ operation: 'http_gate', metadata: { outcome: 'replay' } }, 'A signed Slack request seen before was not run again');
        res.writeHead(200).end();
        return;
      }
      res.once('finish', () => {
        if (res.statusCode >= 500) options.replays.release(request);
      });
    }
    (req as BufferedIncomingMessage).rawBody = raw;
    toBolt(req, res);
  }

  return (req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path !== options.endpoint || req.method !== 'POST') return toBolt(req, res);
    gate(req, res).catch((error: unknown) => {
      log.error({ operation: 'http_gate', error }, 'The Slack request gate failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** The HTTP server for Slack's requests and the ops routes, every request through the gate. */
export async function startSlackHttpServer(port: number, handler: (req: IncomingMessage, res: ServerResponse) => void, maxBodyBytes: number = SLACK_HTTP_LIMITS.maxBodyBytes): Promise<Server> {
  const server = createServer(handler);
  // A client that trickles its request holds a connection for at most this long (Node's default is 5 minutes).
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  // `Expect: 100-continue` (curl does it for large bodies): refuse an oversized body before it is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
      res.writeHead(413, { connection: 'close' }).end();
      return;
    }
    res.writeContinue();
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function stopHttpServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/** Reads a body up to `maxBytes`; stops reading (and keeps nothing) as soon as it passes the limit. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: Buffer | 'too_large' | 'aborted') => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        req.pause();
        settle('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(Buffer.concat(chunks, size));
    const onAbort = () => settle('aborted');
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
  });
}

function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The team a verified, validated command or interaction came from ('' when it names none). */
function workspaceOf(body: unknown): string {
  const b = body as { team_id?: unknown; team?: { id?: unknown } | null; user?: { team_id?: unknown } };
  const id = b.team_id ?? b.team?.id ?? b.user?.team_id;
  return typeof id === 'string' ? id : '';
}
