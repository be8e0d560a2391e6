import type { Kysely } from 'kysely';
import type { WorkspaceScope } from '../domain/types.js';
import type { CustomTemplate, Strictness } from '../templates/custom-template.js';
import type { Database } from './schema.js';

/** A workspace's custom templates (`custom_templates`, migration 0007), by name. */
export class TemplateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(scope: WorkspaceScope): Promise<CustomTemplate[]> {
    const rows = await this.db.selectFrom('custom_templates').selectAll().where('platform', '=', scope.platform).where('workspace_id', '=', scope.workspaceId).orderBy('name').execute();
    return rows.map(toTemplate);
  }

  async get(scope: WorkspaceScope, name: string): Promise<CustomTemplate | null> {
    const row = await this.db.selectFrom('custom_templates').selectAll().where('platform', '=', scope.platform).where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
    return row ? toTemplate(row) : null;
  }

  /** Adds it, or replaces the one of that name: whether one was replaced. */
  async save(scope: WorkspaceScope, template: CustomTemplate, createdBy: string, at: Date): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const existed = await tx.deleteFrom('custom_templates').where('platform', '=', scope.platform).where('workspace_id', '=', scope.workspaceId).where('name', '=', template.name).executeTakeFirst();
      await tx
        .insertInto('custom_templates')
        .values({
          platform: scope.platform,
          workspace_id: scope.workspaceId,
          name: template.name,
          duration_minutes: template.durationMinutes,
          phase_shares: JSON.stringify(template.phaseShares),
          topics: JSON.stringify(template.topics),
          strictness: template.strictness,
          created_by: createdBy,
          created_at: at,
        })
        .execute();
      return Number(existed.numDeletedRows) > 0;
    });
  }

  /** Whether one of that name was there. */
  async remove(scope: WorkspaceScope, name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('custom_templates').where('platform', '=', scope.platform).where('workspace_id', '=', scope.workspaceId).where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toTemplate(row: { name: string; duration_minutes: number; phase_shares: Record<string, number>; topics: string[]; strictness: string }): CustomTemplate {
  const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
  return {
    name: row.name,
    durationMinutes: row.duration_minutes,
    phaseShares: json<Record<string, number>>(row.phase_shares),
    topics: json<string[]>(row.topics),
    strictness: row.strictness as Strictness,
  };
}
