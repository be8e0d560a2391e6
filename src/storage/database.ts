import { Kysely, PostgresDialect, type LogConfig } from 'kysely';
import pg from 'pg';
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
  // Loaded only when used: PGlite is a large WebAssembly build.
  const { openEmbeddedDatabase } = await import('./embedded-database.js');
  return openEmbeddedDatabase(options);
}

/** Kysely's log hook reporting each statement to `onQuery`, when one is given. */
export function queryLog(options: DatabaseOptions): LogConfig | undefined {
  const { onQuery } = options;
  if (!onQuery) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql);
  };
}
