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

/** The recorded impact, with the bad-data window taken from the incident's times where nobody set it. */
export interface DataImpactView extends DataImpact {
  /** Which ends of the window come from the incident (its start, its resolution), not a person. */
  estimated: { badDataFrom: boolean; badDataTo: boolean };
}

/**
 * The impact as shown: a window nobody recorded is the incident's own, from when the problem began
 * to when it was resolved, so a resolved incident never says "start not known, not fixed yet".
 */
export async function incidentImpactView(db: Executor, incidentId: string): Promise<DataImpactView> {
  const incident = await findIncident(db, incidentId);
  const recorded = await readImpact(db, incidentId);
  const from = recorded.badDataFrom ?? incident.started_at.toISOString();
  const to = recorded.badDataTo ?? incident.resolved_at?.toISOString() ?? null;
  return {
    ...recorded,
    badDataFrom: from,
    badDataTo: to !== null && to < from ? from : to,
    estimated: {
      badDataFrom: recorded.badDataFrom === null,
      badDataTo: recorded.badDataTo === null && to !== null,
    },
  };
}

/** Records what the incident did to the data; each change is a timeline event. */
export async function recordIncidentImpact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ImpactInput;
}): Promise<DataImpactView> {
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
      result: await incidentImpactView(trx, incident.id),
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
