import { describe, expect, it } from 'vitest';
import { openInfrastructure } from '../../src/app/infrastructure.js';
import { addressOf } from '../../src/app/startup-checks.js';
import { loadConfig } from '../../src/config/config.js';
import { memoryLogger } from '../support/memory-log.js';

const real = process.env.DATABASE_URL;

/** What start-up says for a DATABASE_URL that points at the real server but is wrong in one way. */
async function refusal(url: string): Promise<string> {
  const error = await openInfrastructure(loadConfig({ DATABASE_URL: url, DATA_DIR: 'memory://' }), memoryLogger().logger).then(
    (infra) => infra.close().then(() => 'opened'),
    (e: { code?: string; userMessage?: string }) => `${e.code}: ${e.userMessage}`,
  );
  return error;
}

describe('start-up checks of the database settings', () => {
  it('names the address without the password', () => {
    expect(addressOf('postgres://user:secret@db.internal:6543/app')).toBe('db.internal:6543/app');
    expect(addressOf('redis://:secret@cache:6379')).toBe('cache:6379');
  });

  it.skipIf(!real)('says the database does not exist, or the user was rejected, naming DATABASE_URL', async () => {
    const url = new URL(real!);
    const missing = new URL(url);
    missing.pathname = '/no_such_database_here';
    expect(await refusal(missing.toString())).toBe(
      `CONFIG_INVALID: Cannot use PostgreSQL at ${url.hostname}:${url.port || 5432}/no_such_database_here (DATABASE_URL): the database does not exist. Fix DATABASE_URL, or unset it to use the embedded database.`,
    );
    const stranger = new URL(url);
    stranger.username = 'no_such_user_here';
    stranger.password = 'wrong';
    expect(await refusal(stranger.toString())).toMatch(/^CONFIG_INVALID: Cannot use PostgreSQL at .+ \(DATABASE_URL\): the user or password was rejected\./);
  }, 30_000);
});
