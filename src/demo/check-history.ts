import type { Insertable } from 'kysely';
import type { CheckOutcome } from '../domain/monitor.js';
import { mutate, type ServiceContext } from '../services/context.js';
import { judge, outcomeOf } from '../services/monitor-kinds/judge.js';
import { json } from '../store/executor.js';
import { insertCheckResults, insertMetricPoints } from '../store/repositories/checks.js';
import { findLiveMonitor } from '../store/repositories/monitors.js';
import type { CheckResultsTable, MonitorRow } from '../store/schema.js';
import { RUNS } from './lineage-events.js';
import type { LoadPlan } from './shop-model.js';
import { MINUTE, table } from './timeline.js';
import type { Warehouse } from './warehouse.js';

/**
 * The check history of the four weeks the demo back-fills. The warehouse gets four weeks of loads
 * and the baselines are trained on them, but no check ran in those weeks: an SLO that reads check
 * results would judge its 28-day budget on the first hours of the demo alone, so one fault would
 * spend it all. This replays the checks an SLO reads over the history, from the same loads: each
 * result is what the live check would have said at that instant (same verdict, message, band),
 * marked `replayed` in its details.
 */
const FRESHNESS_EVERY = 15 * MINUTE;
const HOURLY_AT = 15 * MINUTE;
const NO_STATE = { detectors: {}, memory: {} };

type Row = Insertable<CheckResultsTable>;

/** A replayed check and the metric point its live run would have stored. */
interface Replayed {
  row: Row;
  metric: string;
}

function replayed(monitor: MonitorRow, at: number, metric: string, outcome: CheckOutcome): Replayed {
  const row: Row = {
    monitor_id: monitor.id,
    source_id: monitor.source_id,
    at: new Date(at),
    status: outcome.status,
    observed: outcome.observed,
    expected_lower: outcome.expected?.lower ?? null,
    expected_upper: outcome.expected?.upper ?? null,
    score: outcome.score,
    message: outcome.message,
    details: json({ ...(outcome.details ?? {}), replayed: true }),
    duration_ms: 0,
    queries: 0,
    query_ms: 0,
    rows_scanned: null,
    bytes_scanned: null,
  };
  return { row, metric };
}

/** When each history load wrote the table: the loads whose job writing it completed. */
function loadTimes(plans: LoadPlan[], asset: string): number[] {
  const writers = RUNS.filter((r) => r.outputs.some((o) => table(o.name) === asset)).map((r) => r.from);
  return plans
    .filter((p) => writers.some((j) => p.jobs[j] === 'complete'))
    .map((p) => p.loadAt)
    .sort((a, b) => a - b);
}

/** A freshness monitor every 15 minutes: the age of the newest load at that instant, against its limit. */
function freshness(monitor: MonitorRow, plans: LoadPlan[], now: number): Replayed[] {
  const loads = loadTimes(plans, monitor.asset);
  const maxAge = (monitor.config as { maxAgeMinutes?: number }).maxAgeMinutes;
  const column = (monitor.config as { timestampColumn?: string }).timestampColumn;
  if (loads.length === 0 || maxAge === undefined) return [];
  const out: Replayed[] = [];
  const spec = {
    bounds: { max: maxAge * 60 },
    metricKind: 'freshness' as const,
    options: { metricLabel: 'age in seconds' },
  };
  // On the live checks' grid (every 15 minutes back from the first live run), from the first load.
  const first = now - Math.floor((now - (loads[0] as number)) / FRESHNESS_EVERY) * FRESHNESS_EVERY;
  let i = 0;
  for (let at = first; at < now; at += FRESHNESS_EVERY) {
    while (i + 1 < loads.length && (loads[i + 1] as number) <= at) i++;
    const last = loads[i] as number;
    const age = Math.round((at - last) / 1000);
    const { verdict } = judge(NO_STATE, 'age_seconds', new Date(at), age, spec);
    const details = { lastUpdate: new Date(last).toISOString(), method: column ? 'data' : 'metadata' };
    out.push(replayed(monitor, at, 'age_seconds', outcomeOf(verdict, age, details)));
  }
  return out;
}

/** A column-health monitor with static null-rate limits, at a quarter past each load: measured per export. */
async function nullRates(monitor: MonitorRow, warehouse: Warehouse, now: number): Promise<Replayed[]> {
  const c = monitor.config as { columns?: string[]; bounds?: Record<string, { max?: number }> };
  const column = c.columns?.[0];
  const max = column ? c.bounds?.[`${column}.null_rate`]?.max : undefined;
  // raw.payments keeps the latest export only; staging keeps every export as it arrived.
  if (!column || max === undefined || monitor.asset !== table('raw.payments')) return [];
  const reader = await warehouse.connection.runAndReadAll(
    `SELECT epoch_ms(loaded_at), avg(CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END)
     FROM staging.stg_payments GROUP BY 1 ORDER BY 1`,
  );
  return reader
    .getRows()
    .map(([loadedAt, rate]) => ({ at: Number(loadedAt) + HOURLY_AT, rate: Number(rate) }))
    .filter((r) => r.at < now)
    .map((r) => {
      const key = `${column}.null_rate`;
      const { verdict } = judge(NO_STATE, key, new Date(r.at), r.rate, {
        bounds: { max },
        metricKind: 'column',
        options: { metricLabel: `${column} null_rate` },
      });
      const outcome = outcomeOf(verdict, r.rate);
      const message =
        outcome.status === 'pass' ? 'every column metric is within its expected range' : outcome.message;
      return replayed(monitor, r.at, key, { ...outcome, message });
    });
}

/** Writes the replayed history of the named monitors (freshness and column health) in one transaction. */
export async function writeCheckHistory(
  ctx: ServiceContext,
  input: { warehouse: Warehouse; plans: LoadPlan[]; monitors: string[] },
): Promise<number> {
  const now = ctx.clock.now().getTime();
  const rows: Replayed[] = [];
  for (const name of input.monitors) {
    const monitor = await findLiveMonitor(ctx.store.db, name);
    if (!monitor) throw new Error(`demo check history: no monitor "${name}"`);
    if (monitor.kind === 'freshness') rows.push(...freshness(monitor, input.plans, now));
    else if (monitor.kind === 'column_health') rows.push(...(await nullRates(monitor, input.warehouse, now)));
  }
  return mutate(ctx, async (trx) => {
    await insertCheckResults(
      trx,
      rows.map((r) => r.row),
    );
    await insertMetricPoints(
      trx,
      rows.map(({ row, metric }) => ({
        monitor_id: row.monitor_id,
        metric,
        segment: '',
        at: row.at,
        value: row.observed as number,
      })),
    );
    return {
      result: rows.length,
      audit: {
        action: 'monitor.history',
        targetType: 'monitor',
        targetId: input.monitors.join(','),
        summary: `replayed ${rows.length} check results of the demo history for ${input.monitors.join(', ')}`,
      },
    };
  });
}
