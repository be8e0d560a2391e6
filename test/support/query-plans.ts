import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';

export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export const planNodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(planNodes)];

/**
 * A Kysely handle that records the SQL it sends, and `plansOf(run)`: the plans Postgres picks for
 * the last statement `run` sent, custom (planned for its values) and generic (for any values,
 * forced: the app runs every statement as a named prepared statement, so after five runs Postgres
 * may plan it once for all). On one connection, since a prepared statement lives in its session.
 */
export function planRecorder(db: Kysely<Database>): { recording: Kysely<Database>; plansOf(run: () => Promise<unknown>): Promise<PlanNode[][]> } {
  const sent: CompiledQuery[] = [];
  const recording = db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      sent.push(db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  async function plansOf(run: () => Promise<unknown>): Promise<PlanNode[][]> {
    sent.length = 0;
    await run();
    const query = sent.at(-1)!;
    const values = query.parameters.map((v) => (typeof v === 'number' ? String(v) : `'${(v instanceof Date ? v.toISOString() : String(v)).replace(/'/g, "''")}'`));
    return db.connection().execute(async (conn) => {
      const explain = async (mode: 'auto' | 'force_generic_plan') => {
        await sql.raw(`set plan_cache_mode = ${mode}`).execute(conn);
        const { rows } = await sql.raw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) execute recorded_plan(${values.join(', ')})`).execute(conn);
        return planNodes(rows[0]!['QUERY PLAN'][0].Plan);
      };
      await sql.raw(`prepare recorded_plan as ${query.sql}`).execute(conn);
      try {
        return [await explain('auto'), await explain('force_generic_plan')];
      } finally {
        await sql.raw('deallocate recorded_plan; reset plan_cache_mode').execute(conn);
      }
    });
  }
  return { recording, plansOf };
}
