import type { SloSpec } from '../../domain/slo/model.js';
import type { ApplyChange } from '../apply-declared.js';
import type { ServiceContext } from '../context.js';
import { importSlos, sameSpec } from './import-slos.js';

/**
 * Syncs the SLOs vigil.yaml declares under `slos:` (already validated with the config): new ones
 * are created, changed ones replaced. SLOs made elsewhere are left alone.
 */
export async function applyDeclaredSlos({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { slos: SloSpec[]; dryRun: boolean };
}): Promise<ApplyChange[]> {
  if (input.slos.length === 0) return [];
  if (!input.dryRun) {
    const r = await importSlos({
      ctx,
      input: { slos: input.slos.map((s) => ({ input: s, label: `slos.${s.name}` })), origin: 'config' },
    });
    const as = (action: ApplyChange['action']) => (name: string) => ({ action, type: 'slo' as const, name });
    return [
      ...r.created.map(as('create')),
      ...r.updated.map(as('update')),
      ...r.unchanged.map(as('unchanged')),
    ];
  }
  const rows = await ctx.store.db
    .selectFrom('slos')
    .select(['name', 'spec'])
    .where(
      'name',
      'in',
      input.slos.map((s) => s.name),
    )
    .execute();
  return input.slos.map((s) => {
    const row = rows.find((r) => r.name === s.name);
    return {
      action: !row ? 'create' : sameSpec(row.spec, s) ? 'unchanged' : 'update',
      type: 'slo',
      name: s.name,
    };
  });
}
