import { AppError } from '../../domain/errors.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { json } from '../../store/executor.js';
import type { SloRow } from '../../store/schema-slos.js';
import { mutate, type ServiceContext, type Tx } from '../context.js';
import { findSlo, parseSloSpec, sloView, type SloView } from './slo-records.js';

/**
 * Replaces an SLO's spec inside the caller's transaction. The budget-spent and review-reminder
 * marks are cleared when the objective or review date changes, so they can fire again.
 */
export async function replaceSlo(trx: Tx, before: SloRow, spec: SloSpec, now: Date): Promise<SloRow> {
  const objectiveChanged = JSON.stringify(before.spec.objective) !== JSON.stringify(spec.objective);
  const reviewChanged = before.spec.reviewDate !== spec.reviewDate;
  const patch = {
    name: spec.name,
    service: spec.service,
    owner: spec.owner,
    updated_at: now,
    ...(objectiveChanged ? { budget_exhausted_at: null } : {}),
    ...(reviewChanged ? { review_reminded_at: null } : {}),
  };
  await trx
    .updateTable('slos')
    .set({ ...patch, spec: json(spec) })
    .where('id', '=', before.id)
    .execute();
  return { ...before, ...patch, spec };
}

/** Replaces an SLO (PUT semantics: the whole spec). Renaming is allowed when the new name is free. */
export async function updateSlo({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string; spec: unknown };
}): Promise<SloView> {
  const spec = parseSloSpec(input.spec);
  return mutate(ctx, async (trx) => {
    const before = await findSlo(trx, input.name, true);
    if (spec.name !== before.name) {
      const taken = await trx
        .selectFrom('slos')
        .select('id')
        .where('name', '=', spec.name)
        .executeTakeFirst();
      if (taken) throw new AppError('CONFLICT', `an SLO named "${spec.name}" exists already`);
    }
    const row = await replaceSlo(trx, before, spec, ctx.clock.now());
    return {
      result: sloView(row),
      audit: {
        action: 'slo.update',
        targetType: 'slo',
        targetId: row.id,
        summary: `updated SLO ${spec.name}`,
        before: before.spec,
        after: spec,
      },
    };
  });
}
