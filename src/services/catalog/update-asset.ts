import { AppError } from '../../domain/errors.js';
import { json } from '../../store/executor.js';
import type { AssetColumn, AssetRow, PiiClass } from '../../store/schema-catalog.js';
import { mutate, type ServiceContext } from '../context.js';

export interface AssetPatch {
  owner?: string | null | undefined;
  domain?: string | null | undefined;
  tags?: string[] | undefined;
  description?: string | undefined;
  /** Column name -> PII class, or null to clear it. */
  columns?: Record<string, { pii: PiiClass | null }> | undefined;
}

/** What people curate on an asset: owner, domain, tags, description and column PII classes. Audited. */
export async function updateAsset({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string; patch: AssetPatch };
}): Promise<AssetRow> {
  return mutate(ctx, async (trx) => {
    const before = await trx
      .selectFrom('assets')
      .selectAll()
      .where('name', '=', input.name)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND', `asset ${input.name} not found`);
    const p = input.patch;
    let columns: AssetColumn[] = before.columns;
    if (p.columns) {
      const known = new Set(before.columns.map((c) => c.name));
      const unknown = Object.keys(p.columns).filter((c) => !known.has(c));
      if (unknown.length > 0) {
        throw new AppError(
          'VALIDATION_FAILED',
          `asset ${input.name} has no column ${unknown.join(', ')}`,
          unknown.map((c) => ({ path: `body.columns.${c}`, message: 'no such column on this asset' })),
        );
      }
      columns = before.columns.map((c) => {
        const change = p.columns?.[c.name];
        if (!change) return c;
        const { pii: _old, ...rest } = c;
        return change.pii ? { ...rest, pii: change.pii } : rest;
      });
    }
    const after: AssetRow = {
      ...before,
      owner: p.owner !== undefined ? p.owner : before.owner,
      domain: p.domain !== undefined ? p.domain : before.domain,
      tags: p.tags !== undefined ? [...new Set(p.tags)] : before.tags,
      description: p.description ?? before.description,
      columns,
      updated_at: ctx.clock.now(),
    };
    await trx
      .updateTable('assets')
      .set({
        owner: after.owner,
        domain: after.domain,
        tags: json(after.tags),
        description: after.description,
        columns: json(after.columns),
        updated_at: after.updated_at,
      })
      .where('id', '=', before.id)
      .execute();
    const view = (a: AssetRow) => ({
      owner: a.owner,
      domain: a.domain,
      tags: a.tags,
      description: a.description,
      pii: Object.fromEntries(a.columns.filter((c) => c.pii).map((c) => [c.name, c.pii])),
    });
    return {
      result: after,
      audit: {
        action: 'asset.update',
        targetType: 'asset',
        targetId: before.id,
        summary: `updated asset ${before.name}: ${Object.keys(p).join(', ')}`,
        before: view(before),
        after: view(after),
      },
    };
  });
}
