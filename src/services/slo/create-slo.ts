import { AppError } from '../../domain/errors.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { SloRow } from '../../store/schema-slos.js';
import { mutate, type ServiceContext, type Tx } from '../context.js';
import { parseSloSpec, sloView, type SloView } from './slo-records.js';

export type SloOrigin = 'api' | 'import' | 'config';

/** Inserts a validated SLO inside the caller's transaction. */
export async function insertSlo(trx: Tx, spec: SloSpec, origin: SloOrigin, now: Date): Promise<SloRow> {
  const taken = await trx.selectFrom('slos').select('id').where('name', '=', spec.name).executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', `an SLO named "${spec.name}" exists already`);
  const row: SloRow = {
    id: newId('slo', now.getTime()),
    name: spec.name,
    service: spec.service,
    owner: spec.owner,
    spec,
    origin,
    last_evaluation: null,
    last_evaluated_at: null,
    budget_exhausted_at: null,
    review_reminded_at: null,
    created_at: now,
    updated_at: now,
  };
  await trx
    .insertInto('slos')
    .values({ ...row, spec: json(spec), last_evaluation: null })
    .execute();
  return row;
}

/** Creates an SLO from its OpenSLO-shaped description; the name must be new. */
export async function createSlo({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { spec: unknown; origin?: SloOrigin };
}): Promise<SloView> {
  const spec = parseSloSpec(input.spec);
  return mutate(ctx, async (trx) => {
    const row = await insertSlo(trx, spec, input.origin ?? 'api', ctx.clock.now());
    return {
      result: sloView(row),
      audit: {
        action: 'slo.create',
        targetType: 'slo',
        targetId: row.id,
        summary: `created SLO ${spec.name}`,
        after: spec,
      },
    };
  });
}
