import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/app/composition-root.js';
import { loadConfig } from '../../src/config/config.js';
import type { Actor } from '../../src/domain/types.js';
import { memoryLogger } from '../support/memory-log.js';

describe('the embedded default: PGlite, in-process queue, offline interviewer', () => {
  let dir: string;
  let app: App;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-'));
    app = await composeApp(loadConfig({ DATA_DIR: dir }), memoryLogger().logger);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a whole interview and stores a scored evaluation', async () => {
    expect(app.ai.kind).toBe('offline');
    expect(app.infrastructure.database.kind).toBe('pglite');
    const me: Actor = { platform: 'console', workspaceId: 'local', userId: 'me', kind: 'user' };
    const session = await app.sessions.createSession(
      { enabledModes: ['text'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, topic: 'rate limiter' },
      me,
    );
    const { openingMessage } = await app.sessions.startSession(session.id, me);
    expect(openingMessage.content).toContain('rate limit');
    const answers = [
      'Limit each API key to N requests per minute, return 429 with Retry-After when over; low latency, highly available, distributed across many servers.',
      'Peak is 1M requests per second across 10k clients; each counter is tiny, so memory is a few GB in Redis.',
      'A middleware checks an allow(key) call; rules live in a config table keyed by client id and endpoint.',
      'Token bucket per key in Redis, refilled lazily; the check and decrement run atomically in a Lua script to avoid race conditions.',
      'If Redis is down we fail open so users are not blocked, and replicas give failover; the trade-off is a burst may slip through.',
    ];
    const replies = [];
    for (const answer of answers) {
      const recorded = await app.sessions.submitCandidateMessage(session.id, { author: me, content: answer });
      replies.push((await app.sessions.awaitReply(session.id, me, recorded.message.seq))!.content);
    }
    expect(new Set(replies).size).toBe(replies.length);
    await app.sessions.endSession(session.id, me);
    const report = await app.sessions.awaitEvaluation(session.id, me, 10_000);
    expect(report.status).toBe('completed');
    expect(report.overallScore).toBeGreaterThan(0);
    expect(report.dimensions).toHaveLength(7);
  });
});
