import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { freePort } from '../support/free-port.js';
import { until } from '../support/queue-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The compiled bot (`dist/src/main.js`, the embedded default: PGlite, in-process queue) on the
 * Discord fake, unsharded: `/readyz` answers 503 naming discord while the gateway is down (every
 * socket dropped and new ones refused), 200 once discord.js is connected again; `/healthz`
 * (liveness) stays 200 throughout.
 */
describe('/readyz and the Discord gateway (unsharded)', () => {
  let fake: DiscordFake;
  let child: ReturnType<typeof spawn>;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startDiscordFake({ heartbeatIntervalMs: 1_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'readyz-discord-'));
    const port = await freePort();
    child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        DATA_DIR: dataDir,
        OPENAI_API_KEY: '',
        SLACK_BOT_TOKEN: '',
        DISCORD_SHARDS: '',
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        PORT: String(port),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/readyz`).then(async (r) => (await r.text(), r.status)).catch(() => 0)) === 200, 60_000, 'the bot to be ready');
  }, 90_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const status = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { code: res.status, body: (await res.json()) as { status: string; checks?: Record<string, string> } };
  };

  it('answers 503 naming discord while the gateway is unreachable, 200 when it is back', async () => {
    expect(await status('/readyz')).toEqual({ code: 200, body: { status: 'ready', checks: { postgres: 'ok', discord: 'ok' } } });
    fake.refuseConnections = true;
    expect(fake.dropConnections({ abrupt: true })).toBeGreaterThan(0);
    await until(async () => (await status('/readyz')).code === 503, 10_000, 'readyz to see the gateway down');
    expect(await status('/readyz')).toEqual({ code: 503, body: { status: 'unavailable', checks: { postgres: 'ok', discord: 'down: gateway not connected' } } });
    expect((await status('/healthz')).code).toBe(200);
    // Still down a while later: readiness follows the connection, not a one-off event.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await status('/readyz')).code).toBe(503);
    fake.refuseConnections = false;
    await until(async () => (await status('/readyz')).code === 200, 30_000, 'ready again once the gateway is back');
    expect(fake.connectedSessions).toBeGreaterThan(0);
    expect((await status('/readyz')).body.checks).toEqual({ postgres: 'ok', discord: 'ok' });
  }, 60_000);
});
