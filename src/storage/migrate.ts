import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { InterviewPlatformError } from '../domain/errors.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; the same on PostgreSQL and PGlite. Returns the names applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, options: { schema?: string } = {}): Promise<string[]> {
  // With a schema named, Kysely looks for its bookkeeping tables there and not in whichever
  // schema happens to have them first.
  const migrator = new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw new InterviewPlatformError('STORAGE_FAILURE', 'Database migration failed', {
      cause: error,
      context: { failed: results?.filter((r) => r.status === 'Error').map((r) => r.migrationName) },
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
