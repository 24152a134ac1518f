import type { CheckOutcome } from '../domain/monitor.js';
import { json } from '../store/executor.js';
import { insertAudit } from '../store/repositories/audit-log.js';
import { insertCheckResults, insertMetricPoints } from '../store/repositories/checks.js';
import { finishMonitorRuns, type FinishedRun, updateMonitorRow } from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import type { MonitorRow, SourceRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { alertSignalsFor } from './alerts/alerts-from-checks.js';
import { loadRouting } from './alerts/routing-config.js';
import { upsertAlert } from './alerts/upsert-alert.js';
import type { KindRun } from './monitor-kinds/kind.js';
import { monitorKind } from './monitor-kinds/registry.js';
import {
  type CheckResultView,
  monitorState,
  nextRunAfter,
  scheduleIntervalMs,
  toCheckResultView,
  toMonitor,
} from './monitor-views.js';
import type { SourceProvider } from './source-provider.js';

export interface RunMonitorDeps {
  sources: SourceProvider;
  /** Statement timeout for the warehouse, unless the monitor sets its own. */
  timeoutMs: number;
  workerId: string;
  /** Called after a write that changed an alert, so notifications need not wait for a poll. */
  onAlertChange?: (() => void) | undefined;
}

/** Source failures that mean "the warehouse is down or refuses us": back off, do not hammer it. */
const SOURCE_DOWN = new Set(['SOURCE_UNREACHABLE', 'SOURCE_AUTH_FAILED']);
const MAX_BACKOFF_MS = 3_600_000;

const errorRun = (message: string, state: KindRun['state'], code = 'INVALID_CONFIG'): KindRun => ({
  outcome: { status: 'error', observed: null, expected: null, score: null, message, details: { code } },
  samples: [],
  state,
  cost: { queries: 0, wallMs: 0 },
});

async function collect(
  ctx: ServiceContext,
  row: MonitorRow,
  source: SourceRow | undefined,
  deps: RunMonitorDeps,
  now: Date,
): Promise<KindRun> {
  const monitor = toMonitor(row);
  const state = monitorState(row);
  const strategy = monitorKind(monitor.kind);
  if (!strategy) return errorRun(`unknown monitor kind ${monitor.kind}`, state);
  const config = strategy.configSchema.safeParse(monitor.config);
  if (!config.success) {
    const first = config.error.issues[0];
    return errorRun(`invalid config: ${first?.path.join('.') || '(root)'}: ${first?.message}`, state);
  }
  if (!source) return errorRun(`source ${monitor.sourceId} no longer exists`, state, 'SOURCE_MISSING');
  const timeoutMs = typeof monitor.config.timeoutMs === 'number' ? monitor.config.timeoutMs : deps.timeoutMs;
  try {
    const tag = { monitorId: monitor.id, purpose: monitor.kind };
    return await strategy.run(
      { monitor, source: deps.sources.get(source), state, now, tag, timeoutMs },
      config.data as never,
    );
  } catch (error) {
    // A strategy should answer with values; a throw is a defect, logged in full, shown in brief.
    ctx.log.error({ err: error, monitor: monitor.id }, 'monitor run threw');
    return errorRun('the check failed unexpectedly; the server log has details', state, 'INTERNAL');
  }
}

/** A run collected and judged, ready to be written. */
export interface EvaluatedRun {
  row: MonitorRow;
  run: KindRun;
  outcome: CheckOutcome;
  at: Date;
  durationMs: number;
  finished: FinishedRun;
  /** Set when the run spent more than the monitor's budget: the monitor is paused. */
  overBudget?: string | undefined;
}

function budgetOverrun(row: MonitorRow, run: KindRun): string | undefined {
  const budget = row.config.costBudget as { maxMs?: number; maxBytes?: number } | undefined;
  if (!budget) return undefined;
  const overMs = budget.maxMs !== undefined && run.cost.wallMs > budget.maxMs;
  const overBytes = budget.maxBytes !== undefined && (run.cost.bytesScanned ?? 0) > budget.maxBytes;
  if (!overMs && !overBytes) return undefined;
  const spent = `${Math.round(run.cost.wallMs)} ms${run.cost.bytesScanned !== undefined ? ` and ${run.cost.bytesScanned} bytes` : ''}`;
  const limit = [
    budget.maxMs !== undefined ? `${budget.maxMs} ms` : '',
    budget.maxBytes !== undefined ? `${budget.maxBytes} bytes` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `the run spent ${spent}, over its budget (${limit}); the monitor is paused`;
}

/** Collects and judges one monitor; writes nothing (see recordRuns). */
export async function evaluateMonitor(
  ctx: ServiceContext,
  row: MonitorRow,
  source: SourceRow | undefined,
  deps: RunMonitorDeps,
): Promise<EvaluatedRun> {
  const startedAt = ctx.clock.now();
  const t0 = performance.now();
  const run = await collect(ctx, row, source, deps, startedAt);
  const durationMs = Math.round(performance.now() - t0);
  const at = ctx.clock.now();
  // Back off a source that is down: the interval doubles per failed run, up to an hour.
  const code = (run.outcome.details as { code?: string } | undefined)?.code;
  const streak =
    run.outcome.status === 'error' && code && SOURCE_DOWN.has(code)
      ? Number(run.state.memory.errorStreak ?? 0) + 1
      : 0;
  const state = { ...run.state, memory: { ...run.state.memory, errorStreak: streak } };
  const schedule = row.schedule as Parameters<typeof nextRunAfter>[0];
  const nextRunAt =
    streak > 0
      ? new Date(
          at.getTime() + Math.min(MAX_BACKOFF_MS, scheduleIntervalMs(schedule, at) * 2 ** (streak - 1)),
        )
      : nextRunAfter(schedule, at);
  const overBudget = budgetOverrun(row, run);
  const outcome: CheckOutcome = overBudget
    ? {
        ...run.outcome,
        status: 'error',
        message: overBudget,
        details: { ...(run.outcome.details ?? {}), code: 'COST_BUDGET_EXCEEDED' },
      }
    : run.outcome;
  return {
    row,
    run,
    outcome,
    at,
    durationMs,
    overBudget,
    finished: { id: row.id, nextRunAt, status: outcome.status, at, detectorState: json(state) },
  };
}

function resultRow(e: EvaluatedRun) {
  return {
    monitor_id: e.row.id,
    source_id: e.row.source_id,
    at: e.at,
    status: e.outcome.status,
    observed: e.outcome.observed,
    expected_lower: e.outcome.expected?.lower ?? null,
    expected_upper: e.outcome.expected?.upper ?? null,
    score: e.outcome.score,
    message: e.outcome.message,
    details: e.outcome.details ?? null,
    duration_ms: e.durationMs,
    queries: e.run.cost.queries,
    query_ms: Math.round(e.run.cost.wallMs),
    rows_scanned: e.run.cost.rowsScanned ?? null,
    bytes_scanned: e.run.cost.bytesScanned ?? null,
  };
}

/**
 * Writes evaluated runs in one transaction: check results, metric points, schema snapshots,
 * detector state, next due time and the lease given back. Batched so a scheduler cycle costs a
 * few statements per batch, not several per monitor.
 */
export async function recordRuns(
  ctx: ServiceContext,
  runs: EvaluatedRun[],
  deps: Pick<RunMonitorDeps, 'workerId' | 'onAlertChange'>,
): Promise<CheckResultView[]> {
  const { workerId } = deps;
  if (runs.length === 0) return [];
  const rows = runs.map(resultRow);
  let alertsChanged = false;
  const views = await ctx.store.db.transaction().execute(async (trx) => {
    const ids = await insertCheckResults(
      trx,
      rows.map((r) => ({ ...r, details: r.details === null ? null : json(r.details) })),
    );
    const points = runs.flatMap((e) =>
      e.run.samples.map((s) => ({
        monitor_id: e.row.id,
        metric: s.metric,
        segment: s.segment ?? '',
        at: e.at,
        value: s.value,
      })),
    );
    if (points.length > 0) await insertMetricPoints(trx, points);
    const snapshots = runs.filter((e) => e.run.schemaSnapshot);
    if (snapshots.length > 0) {
      await trx
        .insertInto('schema_snapshots')
        .values(
          snapshots.map((e) => ({
            monitor_id: e.row.id,
            at: e.at,
            columns: json(e.run.schemaSnapshot?.columns),
            diff: e.run.schemaSnapshot?.diff ? json(e.run.schemaSnapshot.diff) : null,
          })),
        )
        .execute();
    }
    await finishMonitorRuns(
      trx,
      workerId,
      runs.map((e) => e.finished),
    );
    // Alerts change in the same transaction as the checks that change them.
    const routing = await loadRouting(trx);
    const sourceIds = [...new Set(runs.map((e) => e.row.source_id))];
    const names = new Map(
      (await trx.selectFrom('sources').select(['id', 'name']).where('id', 'in', sourceIds).execute()).map(
        (s) => [s.id, s.name],
      ),
    );
    const signals = runs.flatMap((e) =>
      alertSignalsFor({
        monitor: e.row,
        sourceName: names.get(e.row.source_id) ?? e.row.source_id,
        outcome: e.outcome,
        at: e.at,
      }),
    );
    // Most runs pass and resolve nothing: one query finds which of their alerts fire at all, so a
    // healthy cycle costs no per-monitor alert lookups.
    const resolving = [...new Set(signals.filter((g) => g.status === 'resolved').map((g) => g.fingerprint))];
    const firing = new Set(
      resolving.length === 0
        ? []
        : (
            await trx
              .selectFrom('alerts')
              .select('fingerprint')
              .where('fingerprint', 'in', resolving)
              .where('status', '=', 'firing')
              .execute()
          ).map((a) => a.fingerprint),
    );
    for (const signal of signals) {
      if (signal.status === 'resolved' && !firing.has(signal.fingerprint)) continue;
      const { change } = await upsertAlert(trx, routing, signal);
      if (change === 'fired' || change === 'refired' || change === 'resolved') alertsChanged = true;
    }
    for (const e of runs.filter((r) => r.overBudget)) {
      await updateMonitorRow(trx, e.row.id, { enabled: false, paused_reason: e.overBudget ?? null });
      await insertAudit(trx, {
        at: e.at,
        actor: ctx.actor,
        action: 'monitor.pause',
        targetType: 'monitor',
        targetId: e.row.id,
        summary: `paused monitor "${e.row.name}": ${e.overBudget}`,
      });
    }
    return rows.map((r, i) => toCheckResultView({ ...r, id: ids[i] as number }));
  });
  if (alertsChanged) deps.onAlertChange?.();
  return views;
}

/** Runs one monitor now and records what it saw. */
export async function runMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { monitor: MonitorRow; deps: RunMonitorDeps };
}): Promise<CheckResultView> {
  const source = await findLiveSource(ctx.store.db, input.monitor.source_id);
  const evaluated = await evaluateMonitor(ctx, input.monitor, source, input.deps);
  const [view] = await recordRuns(ctx, [evaluated], input.deps);
  return view as CheckResultView;
}
