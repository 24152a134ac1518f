import type { CheckOutcome } from '../domain/monitor.js';
import { json } from '../store/executor.js';
import { insertAudit } from '../store/repositories/audit-log.js';
import { insertCheckResult, insertMetricPoints } from '../store/repositories/checks.js';
import { finishMonitorRun, updateMonitorRow } from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import type { MonitorRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
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
  const sourceRow = await findLiveSource(ctx.store.db, monitor.sourceId);
  if (!sourceRow) return errorRun(`source ${monitor.sourceId} no longer exists`, state, 'SOURCE_MISSING');
  const timeoutMs = typeof monitor.config.timeoutMs === 'number' ? monitor.config.timeoutMs : deps.timeoutMs;
  try {
    return await strategy.run(
      {
        monitor,
        source: deps.sources.get(sourceRow),
        state,
        now,
        tag: { monitorId: monitor.id, purpose: monitor.kind },
        timeoutMs,
      },
      config.data as never,
    );
  } catch (error) {
    // A strategy should answer with values; a throw is a defect, logged in full, shown in brief.
    ctx.log.error({ err: error, monitor: monitor.id }, 'monitor run threw');
    return errorRun('the check failed unexpectedly; the server log has details', state, 'INTERNAL');
  }
}

/**
 * Runs one monitor now and records what it saw: the check result, its metric points, a schema
 * snapshot, the detector state and the next due time, all in one transaction.
 */
export async function runMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { monitor: MonitorRow; deps: RunMonitorDeps };
}): Promise<CheckResultView> {
  const { monitor: row, deps } = input;
  const startedAt = ctx.clock.now();
  const t0 = performance.now();
  const run = await collect(ctx, row, deps, startedAt);
  const durationMs = Math.round(performance.now() - t0);
  const at = ctx.clock.now();
  const outcome: CheckOutcome = run.outcome;

  // Back off a source that is down: the interval doubles per failed run, up to an hour.
  const code = (outcome.details as { code?: string } | undefined)?.code;
  const streak =
    outcome.status === 'error' && code && SOURCE_DOWN.has(code)
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

  const budget = row.config.costBudget as { maxMs?: number; maxBytes?: number } | undefined;
  const overBudget =
    budget &&
    ((budget.maxMs !== undefined && run.cost.wallMs > budget.maxMs) ||
      (budget.maxBytes !== undefined && (run.cost.bytesScanned ?? 0) > budget.maxBytes))
      ? `the run spent ${Math.round(run.cost.wallMs)} ms${run.cost.bytesScanned !== undefined ? ` and ${run.cost.bytesScanned} bytes` : ''}, over its budget (${budget.maxMs !== undefined ? `${budget.maxMs} ms` : ''}${budget.maxBytes !== undefined ? ` ${budget.maxBytes} bytes` : ''}); the monitor is paused`
      : undefined;
  const finalOutcome: CheckOutcome = overBudget
    ? {
        ...outcome,
        status: 'error',
        message: overBudget,
        details: { ...(outcome.details ?? {}), code: 'COST_BUDGET_EXCEEDED' },
      }
    : outcome;

  const result = {
    monitor_id: row.id,
    source_id: row.source_id,
    at,
    status: finalOutcome.status,
    observed: finalOutcome.observed,
    expected_lower: finalOutcome.expected?.lower ?? null,
    expected_upper: finalOutcome.expected?.upper ?? null,
    score: finalOutcome.score,
    message: finalOutcome.message,
    details: finalOutcome.details ?? null,
    duration_ms: durationMs,
    queries: run.cost.queries,
    query_ms: Math.round(run.cost.wallMs),
    rows_scanned: run.cost.rowsScanned ?? null,
    bytes_scanned: run.cost.bytesScanned ?? null,
  };
  return ctx.store.db.transaction().execute(async (trx) => {
    const id = await insertCheckResult(trx, {
      ...result,
      details: result.details === null ? null : json(result.details),
    });
    if (run.samples.length > 0) {
      await insertMetricPoints(
        trx,
        run.samples.map((s) => ({
          monitor_id: row.id,
          metric: s.metric,
          segment: s.segment ?? '',
          at,
          value: s.value,
        })),
      );
    }
    if (run.schemaSnapshot) {
      await trx
        .insertInto('schema_snapshots')
        .values({
          monitor_id: row.id,
          at,
          columns: json(run.schemaSnapshot.columns),
          diff: run.schemaSnapshot.diff === null ? null : json(run.schemaSnapshot.diff),
        })
        .execute();
    }
    await finishMonitorRun(trx, row.id, deps.workerId, {
      nextRunAt,
      status: finalOutcome.status,
      at,
      detectorState: json(state),
    });
    if (overBudget) {
      await updateMonitorRow(trx, row.id, { enabled: false, paused_reason: overBudget });
      await insertAudit(trx, {
        at,
        actor: ctx.actor,
        action: 'monitor.pause',
        targetType: 'monitor',
        targetId: row.id,
        summary: `paused monitor "${row.name}": ${overBudget}`,
      });
    }
    return toCheckResultView({ ...result, id });
  });
}
