import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { InterviewPlatformError } from '../domain/errors.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
type AnyDb = Kysely<any>;

/** What this version of the code finds in the database's migration bookkeeping. */
export interface SchemaStatus {
  /** Migrations this version knows and the database has not applied. */
  pending: string[];
  /** Migrations the database has applied that this version does not know: a newer version migrated it. */
  newer: string[];
}

export async function schemaStatus(db: AnyDb, options: { schema?: string } = {}): Promise<SchemaStatus> {
  const table = options.schema ? sql.id(options.schema, 'kysely_migration') : sql.id('kysely_migration');
  const applied = await sql<{ name: string }>`select name from ${table}`
    .execute(db)
    .then((r) => new Set(r.rows.map((row) => row.name)))
    // 42P01: no bookkeeping table yet, a database nothing has migrated.
    .catch((error: { code?: string }) => (error?.code === '42P01' ? new Set<string>() : Promise.reject(error)));
  const known = Object.keys(migrations);
  return { pending: known.filter((name) => !applied.has(name)), newer: [...applied].filter((name) => !known.includes(name)).sort() };
}

/**
 * Applies every pending migration; the same on PostgreSQL and PGlite. Returns the names applied.
 * Several processes may call it at once: Kysely's migrator takes a Postgres advisory lock for the
 * whole run, so each migration is applied once and the others wait, then find nothing to do.
 * A database already migrated by a newer version (a rolling deploy: new replicas first) is left as
 * it is, so the old version keeps running beside the new one: migrations only add (see README,
 * Operations), and Kysely would otherwise refuse to start on "missing" migrations.
 */
export async function migrateToLatest(db: AnyDb, options: { schema?: string } = {}): Promise<string[]> {
  const status = await schemaStatus(db, options);
  if (status.newer.length && !status.pending.length) return [];
  if (status.newer.length) {
    throw new InterviewPlatformError('STORAGE_FAILURE', `Database migrations diverge: it has ${status.newer.join(', ')} that this version does not know, and lacks ${status.pending.join(', ')}`, {
      context: { pending: status.pending, newer: status.newer },
    });
  }
  // The bookkeeping's schema is always named: unnamed, Kysely takes a `kysely_migration` table in
  // any schema for ours (another app's in the same database, a kept benchmark schema), skips
  // creating it, and the run fails.
  const migrationTableSchema = options.schema ?? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
  const migrator = new Migrator({ db, provider, migrationTableSchema });
  let { error, results } = await migrator.migrateToLatest();
  // 3F000: Kysely's introspection lists every schema and then checks each by name, so one
  // another client dropped in between fails the run (seen in CI, test files dropping their
  // schemas). The run is repeated: it is one transaction, and applies only what is pending.
  for (let again = 0; again < 3 && (error as { code?: string } | undefined)?.code === '3F000'; again += 1) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    throw new InterviewPlatformError('STORAGE_FAILURE', `Database migration failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      context: { failed: results?.filter((r) => r.status === 'Error').map((r) => r.migrationName) },
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * For processes told not to migrate (MIGRATE_ON_START=false, where a migrate job runs first):
 * waits until every migration this version needs is applied, then returns; fails clearly if the
 * schema is still behind after `timeoutMs`.
 */
export async function waitForSchema(db: AnyDb, options: { timeoutMs: number; pollMs?: number; schema?: string }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const { pending } = await schemaStatus(db, options);
    if (!pending.length) return;
    if (Date.now() >= deadline) {
      throw new InterviewPlatformError('CONFIG_INVALID', `The database schema is behind this version (pending: ${pending.join(', ')}). Run \`npm run migrate\` (with compose, the migrate service) or set MIGRATE_ON_START=true.`, {
        context: { pending },
      });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1_000));
  }
}
