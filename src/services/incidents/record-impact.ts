import { AppError } from '../../domain/errors.js';
import type { BackfillStatus } from '../../domain/incident-response.js';
import type { Executor } from '../../store/executor.js';
import { json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';
import { addEvent, findIncident } from './incident-records.js';

export interface DataImpact {
  badDataFrom: string | null;
  badDataTo: string | null;
  rowsAffected: number | null;
  partitions: string[];
  consumers: string[];
  backfillStatus: BackfillStatus;
  updatedAt: string | null;
  updatedBy: string | null;
}

const EMPTY: DataImpact = {
  badDataFrom: null,
  badDataTo: null,
  rowsAffected: null,
  partitions: [],
  consumers: [],
  backfillStatus: 'unknown',
  updatedAt: null,
  updatedBy: null,
};

export async function readImpact(db: Executor, incidentId: string): Promise<DataImpact> {
  const r = await db
    .selectFrom('incident_impact')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  if (!r) return { ...EMPTY };
  return {
    badDataFrom: r.bad_data_from?.toISOString() ?? null,
    badDataTo: r.bad_data_to?.toISOString() ?? null,
    rowsAffected: r.rows_affected === null ? null : Number(r.rows_affected),
    partitions: r.partitions,
    consumers: r.consumers,
    backfillStatus: r.backfill_status as BackfillStatus,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}

export interface ImpactInput {
  id: string;
  /** First bad load; null clears. */
  badDataFrom?: Date | null | undefined;
  /** The fix (last bad load replaced); null clears. */
  badDataTo?: Date | null | undefined;
  rowsAffected?: number | null | undefined;
  partitions?: string[] | undefined;
  consumers?: string[] | undefined;
  backfillStatus?: BackfillStatus | undefined;
}

/** Records what the incident did to the data; each change is a timeline event. */
export async function recordIncidentImpact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ImpactInput;
}): Promise<DataImpact> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const incident = await findIncident(trx, input.id, true);
    const before = await readImpact(trx, incident.id);
    const pick = <T>(given: T | undefined, old: T): T => (given === undefined ? old : given);
    const from = pick(input.badDataFrom, before.badDataFrom ? new Date(before.badDataFrom) : null);
    const to = pick(input.badDataTo, before.badDataTo ? new Date(before.badDataTo) : null);
    if (from && to && to < from)
      throw new AppError('VALIDATION_FAILED', 'badDataTo cannot be before badDataFrom', [
        { path: 'badDataTo', message: `must not be before badDataFrom (${from.toISOString()})` },
      ]);
    const next = {
      incident_id: incident.id,
      bad_data_from: from,
      bad_data_to: to,
      rows_affected: pick(input.rowsAffected, before.rowsAffected),
      partitions: json([...new Set(pick(input.partitions, before.partitions))]),
      consumers: json([...new Set(pick(input.consumers, before.consumers))]),
      backfill_status: pick(input.backfillStatus, before.backfillStatus),
      updated_at: now,
      updated_by: ctx.actor.name,
    };
    await trx
      .insertInto('incident_impact')
      .values(next)
      .onConflict((oc) => oc.column('incident_id').doUpdateSet({ ...next, incident_id: undefined }))
      .execute();
    const after = await readImpact(trx, incident.id);
    const changed = (Object.keys(after) as Array<keyof DataImpact>).filter(
      (k) => k !== 'updatedAt' && k !== 'updatedBy' && JSON.stringify(after[k]) !== JSON.stringify(before[k]),
    );
    await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'impact_changed',
      actor: ctx.actor.name,
      message: `data impact: ${changed.map((k) => `${k} ${JSON.stringify(after[k])}`).join(', ') || 'unchanged'}`,
      data: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return {
      result: after,
      audit: {
        action: 'incident.impact',
        targetType: 'incident',
        targetId: incident.id,
        summary: `data impact of "${incident.title}": ${changed.join(', ') || 'unchanged'}`,
        before,
        after,
      },
    };
  });
}
