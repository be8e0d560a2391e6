import OpenAI, { RateLimitError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiFake, type OpenAiFake } from './openai-fake-server.js';

const MODEL = 'gpt-fake';
const messages = [{ role: 'user' as const, content: 'Design a URL shortener.' }];

describe('openai fake server (real openai client)', () => {
  let fake: OpenAiFake;
  const client = (opts: { maxRetries?: number; timeout?: number } = {}) =>
    new OpenAI({ apiKey: 'test', baseURL: fake.baseUrl, maxRetries: 0, ...opts });

  beforeEach(async () => {
    fake = await startOpenAiFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('returns programmed content and usage for a non-streaming completion', async () => {
    fake.enqueue({ kind: 'content', content: 'Start with the API.', usage: { prompt_tokens: 11, completion_tokens: 5 } });

    const res = await client().chat.completions.create({ model: MODEL, messages, temperature: 0.2 });

    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe(MODEL);
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Start with the API.' });
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 });
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(req.headers.authorization).toBe('Bearer test');
    expect(req.body).toMatchObject({ model: MODEL, messages, temperature: 0.2 });
    fake.assertNoUnexpected();
  });

  it('streams content in several chunks and includes usage when requested', async () => {
    const content = 'Let us talk about sharding, caching and consistency.';
    fake.enqueue({ kind: 'content', content });

    const stream = await client().chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(content);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    expect(fake.requests[0]?.body?.stream).toBe(true);
  });

  it('omits the usage chunk when not requested', async () => {
    fake.enqueue({ kind: 'content', content: 'ok then' });
    const stream = await client().chat.completions.create({ model: MODEL, messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.choices.length === 1 && !c.usage)).toBe(true);
  });

  it('answers a json_schema request with the JSON value and records response_format', async () => {
    const value = { score: 4, feedback: 'Good capacity estimate.' };
    fake.enqueue({ kind: 'json', value });
    const response_format = {
      type: 'json_schema' as const,
      json_schema: {
        name: 'grade',
        strict: true,
        schema: {
          type: 'object',
          properties: { score: { type: 'number' }, feedback: { type: 'string' } },
          required: ['score', 'feedback'],
          additionalProperties: false,
        },
      },
    };

    const res = await client().chat.completions.parse({ model: MODEL, messages, response_format });

    expect(res.choices[0]?.message.parsed).toEqual(value);
    expect(fake.requests[0]?.body?.response_format).toEqual(response_format);
  });

  it('uses the responder when the queue is empty', async () => {
    fake.setResponder((req) => ({ kind: 'content', content: `echo ${req.body.messages.length}` }));
    const res = await client().chat.completions.create({ model: MODEL, messages });
    expect(res.choices[0]?.message.content).toBe('echo 1');
  });

  it('surfaces 429 as RateLimitError without retries', async () => {
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after-ms': '1' } });
    const err = await client().chat.completions.create({ model: MODEL, messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as RateLimitError).status).toBe(429);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a 429 and succeeds on the next queued reply with maxRetries: 1', async () => {
    fake.enqueue(
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '1' } },
      { kind: 'content', content: 'after retry' },
    );
    const res = await client({ maxRetries: 1 }).chat.completions.create({ model: MODEL, messages });
    expect(res.choices[0]?.message.content).toBe('after retry');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
    expect(fake.queued).toBe(0);
  });

  it('surfaces 500 as InternalServerError', async () => {
    fake.enqueue({ kind: 'status', status: 500 });
    await expect(client().chat.completions.create({ model: MODEL, messages })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
  });

  it('hang triggers APIConnectionTimeoutError', async () => {
    fake.enqueue({ kind: 'hang' });
    await expect(client({ timeout: 200 }).chat.completions.create({ model: MODEL, messages })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
  });

  it('delay answers after the given time', async () => {
    fake.enqueue({ kind: 'delay', ms: 50, then: { kind: 'content', content: 'late' } });
    const started = Date.now();
    const res = await client().chat.completions.create({ model: MODEL, messages });
    expect(res.choices[0]?.message.content).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('malformed JSON makes the client throw', async () => {
    fake.enqueue({ kind: 'malformed' });
    await expect(client().chat.completions.create({ model: MODEL, messages })).rejects.toThrow();
  });

  it('records an unknown path as unexpected and assertNoUnexpected throws', async () => {
    const err = await client()
      .embeddings.create({ model: 'text-embedding-3-small', input: 'hi' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(fake.unexpected).toEqual([expect.stringContaining('POST /v1/embeddings')]);
    expect(() => fake.assertNoUnexpected()).toThrow(/\/v1\/embeddings/);
  });

  it('rejects a request when nothing is queued and no responder is set', async () => {
    await expect(client().chat.completions.create({ model: MODEL, messages })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    expect(fake.unexpected).toEqual([expect.stringContaining('no queued reply')]);
  });

  it('close() ends a still-hanging request so nothing keeps the process alive', async () => {
    fake.enqueue({ kind: 'hang' });
    const pending = client({ timeout: 10_000 }).chat.completions.create({ model: MODEL, messages });
    const outcome = pending.catch((e: unknown) => e);
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await fake.close();
    expect(await outcome).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
