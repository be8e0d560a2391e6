import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.js';
import { freePort } from '../support/free-port.js';
import { until } from '../support/queue-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PG = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : null;
const REDIS = process.env.REDIS_URL ? new URL(process.env.REDIS_URL) : null;

/**
 * `npm run worker` with Postgres and Redis behind proxies this test can cut: `/healthz` stays 200
 * (the process is alive), `/readyz` answers 503 naming what is down, and 200 again once it is back.
 */
describe.skipIf(!PG || !REDIS)('liveness and readiness through outages', () => {
  let pg: TcpProxy;
  let redis: TcpProxy;
  let base: string;
  let child: ReturnType<typeof spawn>;
  beforeAll(async () => {
    pg = await startTcpProxy(PG!.hostname, Number(PG!.port || 5432));
    redis = await startTcpProxy(REDIS!.hostname, Number(REDIS!.port || 6379));
    const port = await freePort();
    const databaseUrl = new URL(PG!);
    databaseUrl.host = `127.0.0.1:${pg.port}`;
    child = spawn(process.execPath, ['dist/src/main.js', '--role=worker'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl.toString(), REDIS_URL: `redis://127.0.0.1:${redis.port}`, PORT: String(port), QUEUE_PREFIX: `readyz-${Date.now()}`, LOG_LEVEL: 'error' },
      stdio: ["ignore", "ignore", "inherit"],
    });
    base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/readyz`).then(async (r) => (await r.text(), r.status)).catch(() => 0)) === 200, 30_000, 'the worker to be ready');
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await pg?.close();
    await redis?.close();
  });

  const status = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { code: res.status, body: (await res.json()) as { status: string; checks?: Record<string, string> } };
  };

  it('answers 503 naming Postgres or Redis while either is down, 200 when both are back; /healthz stays 200', async () => {
    expect(await status('/readyz')).toEqual({ code: 200, body: { status: 'ready', checks: { postgres: 'ok', redis: 'ok' } } });
    await pg.cut();
    await until(async () => (await status('/readyz')).code === 503, 10_000, 'readyz to see Postgres down');
    expect((await status('/readyz')).body.checks).toMatchObject({ postgres: expect.stringMatching(/^down: /), redis: 'ok' });
    expect((await status('/healthz')).code).toBe(200);
    await pg.restore();
    await redis.cut();
    await until(async () => (await status('/readyz')).body.checks?.postgres === 'ok', 15_000, 'Postgres back');
    expect((await status('/readyz'))).toMatchObject({ code: 503, body: { checks: { redis: expect.stringMatching(/^down: /) } } });
    expect((await status('/healthz')).code).toBe(200);
    await redis.restore();
    await until(async () => (await status('/readyz')).code === 200, 20_000, 'ready again');
  }, 90_000);
});
