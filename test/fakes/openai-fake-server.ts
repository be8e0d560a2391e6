// A local OpenAI-compatible HTTP server for tests: the real `openai` client talks to it over
// real HTTP, so retries, timeouts, SSE parsing and error mapping are exercised for real.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

export type FakeReply =
  | { kind: 'content'; content: string; usage?: FakeUsage }
  | { kind: 'json'; value: unknown; usage?: FakeUsage }
  | { kind: 'invalid-content'; content: string; usage?: FakeUsage }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number; then: FakeReply }
  | { kind: 'malformed' };

/** The parsed JSON body of a chat completion request; everything the client sent is kept. */
export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content?: unknown; [key: string]: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name: string; schema?: unknown; strict?: boolean } };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  tools?: unknown[];
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  rawBody: string;
  /** Set only when the request was a well-formed chat completion request. */
  body: ChatRequestBody | undefined;
}

export type ChatRequest = RecordedRequest & { body: ChatRequestBody };
export type FakeResponder = (req: ChatRequest) => FakeReply | Promise<FakeReply>;

/** A `POST /v1/audio/transcriptions` (multipart) as received. */
export interface RecordedTranscription {
  model: string;
  fileName: string;
  contentType: string;
  size: number;
  responseFormat?: string;
}

export type FakeTranscriptionReply =
  | { kind: 'text'; text: string }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  /** Never answered (a timeout on the client's side); close() destroys the socket. */
  | { kind: 'hang' };

/** The image parts of a chat request (vision), with the model it went to. */
export interface RecordedVision {
  model: string;
  urls: string[];
}

export interface OpenAiFake {
  /** e.g. `http://127.0.0.1:54321/v1` — pass as the client's `baseURL`. */
  readonly baseUrl: string;
  /** Every request received, including rejected ones, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Descriptions of requests the fake could not handle (each was answered with HTTP 400). */
  readonly unexpected: string[];
  /** Replies still waiting in the queue. */
  readonly queued: number;
  enqueue(...replies: FakeReply[]): void;
  /** Used when the queue is empty; pass undefined to remove it. */
  setResponder(fn: FakeResponder | undefined): void;
  /** Transcriptions received, in order; each is answered by the next queued transcription reply. */
  readonly transcriptions: RecordedTranscription[];
  enqueueTranscription(...replies: FakeTranscriptionReply[]): void;
  /** Chat requests that carried image parts. */
  readonly visions: RecordedVision[];
  /** The status `GET /v1/models` answers with (the bot's start-up check); 200 lists one model. */
  setModelsStatus(status: number): void;
  assertNoUnexpected(): void;
  close(): Promise<void>;
}

const CHAT_PATH = '/v1/chat/completions';
const TRANSCRIPTION_PATH = '/v1/audio/transcriptions';
const MODELS_PATH = '/v1/models';

// Mirrors the OpenAI error envelope so the client builds its usual APIError subclasses.
function errorBody(status: number, message: string): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, code: type, param: null } };
}

// Rough token estimate: tests mostly care that usage is present and consistent.
const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

function usageFor(body: ChatRequestBody, content: string, given: FakeUsage | undefined) {
  const prompt = given?.prompt_tokens ?? estimateTokens(JSON.stringify(body.messages));
  const completion = given?.completion_tokens ?? estimateTokens(content);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: given?.total_tokens ?? prompt + completion };
}

// Splits by code point (never inside a surrogate pair) into up to 4 pieces, so streaming
// consumers really see several deltas.
function splitContent(content: string): string[] {
  const chars = Array.from(content);
  const size = Math.max(1, Math.ceil(chars.length / 4));
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''));
  return parts;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function validateChatBody(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'body is not a JSON object';
  const b = parsed as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '') return 'chat request without a `model`';
  if (!Array.isArray(b.messages)) return 'chat request without a `messages` array';
  for (const m of b.messages as Array<{ content?: unknown }>) {
    if (!Array.isArray(m.content)) continue;
    for (const part of m.content as Array<Record<string, unknown>>) {
      if (part.type === 'text' && typeof part.text === 'string') continue;
      const url = (part.image_url as { url?: unknown } | undefined)?.url;
      if (part.type === 'image_url' && typeof url === 'string' && (/^https:\/\//.test(url) || /^data:image\/[a-z+.-]+;base64,[A-Za-z0-9+/]+=*$/.test(url))) continue;
      return `unsupported content part ${JSON.stringify(part).slice(0, 200)}`;
    }
  }
  return undefined;
}

/** The image URLs in a (validated) chat body. */
function imageUrls(body: ChatRequestBody): string[] {
  return body.messages.flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type?: string; image_url?: { url: string } }>).filter((p) => p.type === 'image_url').map((p) => p.image_url!.url) : []));
}

export async function startOpenAiFake(): Promise<OpenAiFake> {
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const queue: FakeReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let responder: FakeResponder | undefined;
  let counter = 0;
  let modelsStatus = 200;
  const transcriptions: RecordedTranscription[] = [];
  const transcriptionQueue: FakeTranscriptionReply[] = [];
  const visions: RecordedVision[] = [];

  // Multipart, as the openai client sends it: a `file` part and a `model` field, nothing else required.
  const transcribe = async (req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> => {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) return reject(res, `POST ${TRANSCRIPTION_PATH}: not multipart (${type})`);
    let form: FormData;
    try {
      form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    } catch (err) {
      return reject(res, `POST ${TRANSCRIPTION_PATH}: unreadable multipart: ${err instanceof Error ? err.message : String(err)}`);
    }
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof Blob) || typeof model !== 'string' || !model) return reject(res, `POST ${TRANSCRIPTION_PATH}: needs a file and a model`);
    const format = form.get('response_format');
    transcriptions.push({ model, fileName: (file as File).name ?? '', contentType: file.type, size: file.size, ...(typeof format === 'string' ? { responseFormat: format } : {}) });
    const reply = transcriptionQueue.shift();
    if (!reply) return reject(res, `POST ${TRANSCRIPTION_PATH}: no queued transcription reply`);
    if (reply.kind === 'hang') return;
    if (reply.kind === 'status') return sendJson(res, reply.status, errorBody(reply.status, `openai fake: HTTP ${reply.status}`), reply.headers);
    sendJson(res, 200, { text: reply.text });
  };

  // Answer 400 and remember why; `x-should-retry: false` stops the client from retrying it away.
  const reject = (res: ServerResponse, what: string): void => {
    unexpected.push(what);
    sendJson(res, 400, errorBody(400, `openai fake: ${what}`), { 'x-should-retry': 'false' });
  };

  const sendReply = (req: ChatRequest, res: ServerResponse, reply: FakeReply): void => {
    if (res.destroyed || res.writableEnded) return; // client gave up (timeout/abort)
    const body = req.body;
    switch (reply.kind) {
      case 'hang':
        return; // left open on purpose; close() destroys the socket
      case 'delay': {
        const t = setTimeout(() => {
          timers.delete(t);
          sendReply(req, res, reply.then);
        }, reply.ms);
        timers.add(t);
        return;
      }
      case 'status':
        sendJson(res, reply.status, reply.body ?? errorBody(reply.status, `openai fake: HTTP ${reply.status}`), reply.headers);
        return;
      case 'malformed':
        // Stream requests are parsed as SSE regardless of content type, so break the event data instead.
        if (body.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end('data: {"id": "chatcmpl-broken", "choices": [\n\n');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "chatcmpl-broken", "choices": [');
        }
        return;
      case 'content':
      case 'invalid-content':
      case 'json': {
        const content = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.content;
        const usage = usageFor(body, content, reply.usage);
        const base = { id: `chatcmpl-fake-${++counter}`, created: Math.floor(Date.now() / 1000), model: body.model };
        if (!body.stream) {
          sendJson(res, 200, {
            ...base,
            object: 'chat.completion',
            choices: [
              { index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' },
            ],
            usage,
          });
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
          res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`);
        const choice = (delta: unknown, finish: string | null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
        chunk([choice({ role: 'assistant', content: '' }, null)]);
        for (const part of splitContent(content)) chunk([choice({ content: part }, null)]);
        chunk([choice({}, 'stop')]);
        if (body.stream_options?.include_usage) chunk([], { usage });
        res.end('data: [DONE]\n\n');
        return;
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBytes = Buffer.concat(chunks);
    const rawBody = rawBytes.toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    const method = req.method ?? '';
    const path = (req.url ?? '').split('?')[0] ?? '';
    const recorded: RecordedRequest = { method, path, headers, rawBody, body: undefined };
    requests.push(recorded);

    // The start-up check lists models: answered with the status the test set (200 by default).
    if (method === 'GET' && path === MODELS_PATH) {
      if (modelsStatus === 200) return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
      return sendJson(res, modelsStatus, errorBody(modelsStatus, `openai fake: HTTP ${modelsStatus}`), { 'x-should-retry': 'false' });
    }
    if (method === 'POST' && path === TRANSCRIPTION_PATH) return transcribe(req, res, rawBytes);
    if (method !== 'POST' || path !== CHAT_PATH) return reject(res, `unsupported endpoint ${method} ${path}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      return reject(res, `${method} ${path}: body is not JSON: ${rawBody.slice(0, 200)}`);
    }
    const problem = validateChatBody(parsed);
    if (problem) return reject(res, `${method} ${path}: ${problem}`);
    recorded.body = parsed as ChatRequestBody;
    const chat = recorded as ChatRequest;
    const urls = imageUrls(chat.body);
    if (urls.length) visions.push({ model: chat.body.model, urls });

    let reply = queue.shift();
    if (!reply && responder) {
      try {
        reply = await responder(chat);
      } catch (err) {
        return reject(res, `${method} ${path}: responder threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (!reply) return reject(res, `${method} ${path}: no queued reply and no responder (request #${requests.length})`);
    sendReply(chat, res, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      unexpected.push(`fake crashed: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendJson(res, 400, errorBody(400, 'openai fake crashed'), { 'x-should-retry': 'false' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    unexpected,
    get queued() {
      return queue.length;
    },
    enqueue: (...replies) => void queue.push(...replies),
    setResponder: (fn) => void (responder = fn),
    setModelsStatus: (status) => void (modelsStatus = status),
    transcriptions,
    enqueueTranscription: (...replies) => void transcriptionQueue.push(...replies),
    visions,
    assertNoUnexpected() {
      if (unexpected.length > 0) {
        throw new Error(`openai fake got ${unexpected.length} unexpected request(s):\n- ${unexpected.join('\n- ')}`);
      }
    },
    close() {
      // Idempotent; hanging and streaming sockets are destroyed so nothing keeps vitest alive.
      closed ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
