import { notFound } from '../../domain/errors.js';
import type { Executor } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';

export interface RunbookView {
  /** Where it comes from: `monitor <name>` or `asset <name>`. */
  source: string;
  /** `link` when it is a URL, `markdown` when it is kept in Vigil. */
  format: 'link' | 'markdown';
  content: string;
}

export const runbookView = (source: string, content: string): RunbookView => ({
  source,
  format: /^https?:\/\/\S+$/.test(content.trim()) ? 'link' : 'markdown',
  content,
});

/** Sets (or, with empty content, removes) the runbook kept on an asset. */
export async function setAssetRunbook({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { asset: string; content: string };
}): Promise<RunbookView | null> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const content = input.content.trim();
    if (!content) await trx.deleteFrom('asset_runbooks').where('asset', '=', input.asset).execute();
    else
      await trx
        .insertInto('asset_runbooks')
        .values({ asset: input.asset, content, updated_at: now, updated_by: ctx.actor.name })
        .onConflict((oc) =>
          oc.column('asset').doUpdateSet({ content, updated_at: now, updated_by: ctx.actor.name }),
        )
        .execute();
    return {
      result: content ? runbookView(`asset ${input.asset}`, content) : null,
      audit: {
        action: content ? 'runbook.set' : 'runbook.remove',
        targetType: 'asset',
        targetId: input.asset,
        summary: content ? `runbook set on ${input.asset}` : `runbook removed from ${input.asset}`,
      },
    };
  });
}

export async function assetRunbook(db: Executor, asset: string): Promise<RunbookView | null> {
  const row = await db.selectFrom('asset_runbooks').selectAll().where('asset', '=', asset).executeTakeFirst();
  return row ? runbookView(`asset ${asset}`, row.content) : null;
}

/** An alert's runbooks: its monitor's, then its asset's. */
export async function alertRunbooks(db: Executor, alertId: string): Promise<RunbookView[]> {
  const alert = await db.selectFrom('alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
  if (!alert) throw notFound('alert', alertId);
  const out: RunbookView[] = [];
  if (alert.monitor_id) {
    const m = await db
      .selectFrom('monitors')
      .select(['name', 'runbook'])
      .where('id', '=', alert.monitor_id)
      .executeTakeFirst();
    if (m?.runbook) out.push(runbookView(`monitor ${m.name}`, m.runbook));
  } else if (alert.annotations.runbook) out.push(runbookView('alert', alert.annotations.runbook));
  if (alert.labels.asset) {
    const a = await assetRunbook(db, alert.labels.asset);
    if (a) out.push(a);
  }
  return out;
}
