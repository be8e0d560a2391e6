import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { lockDataDir } from './data-dir-lock.js';
import { queryLog, type DatabaseHandle, type DatabaseOptions } from './database.js';
import { EMBEDDED_OPTIONS, initDataDirApart, keepWasmOnBaselineCompiler, needsInitDb } from './pglite-options.js';
import type { Database } from './schema.js';

/** Embedded PostgreSQL (PGlite) in `options.dataDir`, held by this process alone (a pid lock). */
export async function openEmbeddedDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(options.dataDir, { recursive: true });
  const release = inMemory ? async () => undefined : await lockDataDir(options.dataDir);
  let pglite: PGlite;
  try {
    // Light on memory (why in pglite-options.ts): a new folder is initialised by a child process,
    // so this one never runs initdb; Postgres gets 8MB of shared buffers; V8 keeps PGlite on its
    // baseline compiler. A bot process with 1,000 live sessions: 875 -> 228 MB resident on a first
    // run, 456 -> 264 MB on a restart (bench/embedded-memory.ts).
    if (!inMemory && needsInitDb(options.dataDir)) await initDataDirApart(options.dataDir);
    keepWasmOnBaselineCompiler();
    pglite = await PGlite.create(options.dataDir, EMBEDDED_OPTIONS);
  } catch (error) {
    await release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log: queryLog(options) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await release();
    },
  };
}
