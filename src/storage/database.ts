import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type LogConfig } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { PreparingClient } from './prepared-client.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://... ; unset means embedded PGlite. */
  url?: string;
  /** Where PGlite keeps its files; 'memory://' keeps nothing. */
  dataDir: string;
  poolMax?: number;
  /** Postgres only: a schema to work in (tests isolate themselves this way). */
  searchPath?: string;
  /** Called with each SQL statement run (round-trip counts in tests and benchmarks). */
  onQuery?: (sql: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      Client: PreparingClient,
      connectionString: options.url,
      max: options.poolMax ?? 20,
      connectionTimeoutMillis: 10_000,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(options) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(options.dataDir, { recursive: true });
  const release = inMemory ? async () => undefined : await lockDataDir(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(options.dataDir);
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

function queryLog(options: DatabaseOptions): LogConfig | undefined {
  const { onQuery } = options;
  if (!onQuery) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql);
  };
}
