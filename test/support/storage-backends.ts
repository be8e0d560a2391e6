import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

/**
 * The storage the suites run on: PGlite always, and real PostgreSQL too when DATABASE_URL is set
 * (CI sets it). Each Postgres database gets its own schema, dropped afterwards, so test files
 * running in parallel never see each other's rows.
 */
export interface TestDatabase {
  handle: DatabaseHandle;
  /** Postgres only: the schema this database lives in, for other processes to connect to. */
  schema?: string;
  /** A second, independent connection pool on the same data (Postgres); PGlite shares its one. */
  openAnother(): Promise<DatabaseHandle>;
  cleanup(): Promise<void>;
}

export interface StorageBackend {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

const pgliteBackend: StorageBackend = {
  name: 'pglite',
  async open() {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    return { handle, openAnother: async () => ({ ...handle, close: async () => undefined }), cleanup: () => handle.close() };
  },
};

function postgresBackend(url: string): StorageBackend {
  return {
    name: 'postgres',
    async open() {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const extra: DatabaseHandle[] = [];
      const open = () => openDatabase({ url, dataDir: '', poolMax: 10, searchPath: schema });
      const handle = await open();
      const dropSchema = async () => {
        const drop = new pg.Client({ connectionString: url });
        await drop.connect();
        await drop.query(`drop schema ${schema} cascade`);
        await drop.end();
      };
      try {
        await migrateToLatest(handle.db, { schema });
      } catch (error) {
        await handle.close();
        await dropSchema();
        throw error;
      }
      return {
        handle,
        schema,
        async openAnother() {
          const another = await open();
          extra.push(another);
          return another;
        },
        async cleanup() {
          for (const h of [handle, ...extra]) await h.close().catch(() => undefined);
          await dropSchema();
        },
      };
    },
  };
}

export const storageBackends: StorageBackend[] = [
  pgliteBackend,
  ...(process.env.DATABASE_URL ? [postgresBackend(process.env.DATABASE_URL)] : []),
];
