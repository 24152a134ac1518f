import type { SliKind, SliSpec } from '../../domain/slo/model.js';
import { fixedMs } from '../../domain/slo/duration.js';
import type { SliEvent } from '../../domain/slo/series.js';
import type { Executor } from '../../store/executor.js';

/** The instants whose verdicts an evaluation needs, and the time now (for deadlines passed). */
export interface EventRange {
  from: Date;
  to: Date;
  now: Date;
}

type Loader<S extends SliSpec> = (db: Executor, sli: S, range: EventRange) => Promise<SliEvent[]>;

/**
 * Turns Vigil's own records into an indicator's good and total events. One loader per kind in
 * a table, so a new indicator is one entry here and never a branch in the evaluator.
 */
const LOADERS: { [K in SliKind]: Loader<Extract<SliSpec, { kind: K }>> } = {
  freshness: (db, sli, r) => passRate(db, [sli.monitor], r),
  monitor_pass_rate: (db, sli, r) => passRate(db, sli.monitors, r),
  completeness: async (db, sli, r) => {
    const ids = await monitorIds(db, [sli.monitor]);
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('check_results')
      .select(['at', 'observed', 'expected_lower'])
      .where('monitor_id', 'in', ids)
      .where('at', '>', r.from)
      .where('at', '<=', r.to)
      .where('observed', 'is not', null)
      .execute();
    return rows.flatMap((row) => {
      const expected = sli.expectedRows ?? row.expected_lower;
      if (expected === null || expected <= 0) return [];
      return [{ at: row.at.getTime(), good: Math.min(Number(row.observed), expected), total: expected }];
    });
  },
  pipeline_success: async (db, sli, r) => {
    const rows = await db
      .selectFrom('pipeline_runs')
      .select(['state', 'ended_at'])
      .where('job_asset', 'in', await jobIds(db, sli.job))
      .where('state', 'in', ['completed', 'failed', 'aborted'])
      .where('ended_at', '>', r.from)
      .where('ended_at', '<=', r.to)
      .execute();
    return rows.map((row) => ({
      at: (row.ended_at as Date).getTime(),
      good: row.state === 'completed' ? 1 : 0,
      total: 1,
    }));
  },
  pipeline_deadline: async (db, sli, r) => {
    const within = fixedMs(sli.within) ?? 0;
    const rows = await db
      .selectFrom('pipeline_runs')
      .select(['state', 'started_at', 'ended_at', 'facets', 'created_at'])
      .where('job_asset', 'in', await jobIds(db, sli.job))
      .where((eb) => eb.or([eb('ended_at', '>', r.from), eb('ended_at', 'is', null)]))
      .execute();
    return rows.flatMap((row) => {
      const nominal = (row.facets as { nominalTime?: { nominalStartTime?: unknown } }).nominalTime
        ?.nominalStartTime;
      const ref =
        typeof nominal === 'string' ? Date.parse(nominal) : (row.started_at ?? row.created_at).getTime();
      return verdict(ref + within, row.state === 'completed' ? row.ended_at : null, row.ended_at, r);
    });
  },
  incident_acknowledged: (db, sli, r) => incidentEvents(db, sli, r, 'ack'),
  incident_resolved: (db, sli, r) => incidentEvents(db, sli, r, 'resolve'),
  // Prometheus evaluates these; Vigil only writes their rules.
  prometheus: async () => [],
};

export function loadIndicatorEvents(db: Executor, sli: SliSpec, range: EventRange): Promise<SliEvent[]> {
  return (LOADERS[sli.kind] as Loader<SliSpec>)(db, sli, range);
}

/**
 * A deadline verdict: good at `doneAt` when it came in time; bad at the deadline when it came
 * late or never came and the deadline has passed; nothing yet while it may still come in time.
 */
function verdict(deadline: number, doneAt: Date | null, endedAt: Date | null, r: EventRange): SliEvent[] {
  let event: SliEvent | undefined;
  if (doneAt && doneAt.getTime() <= deadline) event = { at: doneAt.getTime(), good: 1, total: 1 };
  else if (endedAt || r.now.getTime() > deadline) event = { at: deadline, good: 0, total: 1 };
  if (!event || event.at <= r.from.getTime() || event.at > r.to.getTime()) return [];
  return [event];
}

async function monitorIds(db: Executor, names: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('monitors')
    .select('id')
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('name', 'in', names), eb('id', 'in', names)]))
    .execute();
  return rows.map((m) => m.id);
}

async function jobIds(db: Executor, job: string): Promise<string[]> {
  const rows = await db
    .selectFrom('assets')
    .select('id')
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('name', '=', job), eb('id', '=', job)]))
    .execute();
  return rows.length > 0 ? rows.map((a) => a.id) : [job];
}

/** Passing checks are good; failures and errors (the check could not say) are bad. */
async function passRate(db: Executor, monitors: string[], r: EventRange): Promise<SliEvent[]> {
  const ids = await monitorIds(db, monitors);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('check_results')
    .select(['at', 'status'])
    .where('monitor_id', 'in', ids)
    .where('status', 'in', ['pass', 'fail', 'error'])
    .where('at', '>', r.from)
    .where('at', '<=', r.to)
    .execute();
  return rows.map((row) => ({ at: row.at.getTime(), good: row.status === 'pass' ? 1 : 0, total: 1 }));
}

async function incidentEvents(
  db: Executor,
  sli: { within: string; severities: string[] },
  r: EventRange,
  what: 'ack' | 'resolve',
): Promise<SliEvent[]> {
  const within = fixedMs(sli.within) ?? 0;
  const rows = await db
    .selectFrom('incidents')
    .select(['detected_at', 'acknowledged_at', 'mitigated_at', 'resolved_at'])
    .where('severity', 'in', sli.severities)
    .where('detected_at', '>', new Date(r.from.getTime() - within))
    .where('detected_at', '<=', r.to)
    .execute();
  return rows.flatMap((i) => {
    // Mitigating or resolving an incident implies someone acknowledged it by then.
    const done = what === 'ack' ? (i.acknowledged_at ?? i.mitigated_at ?? i.resolved_at) : i.resolved_at;
    return verdict(i.detected_at.getTime() + within, done, done, r);
  });
}
