import {
  evaluationRange,
  type HistoryPoint,
  type SloEvaluation,
  evaluateSlo as evaluate,
  sloHistory,
} from '../../domain/slo/evaluate.js';
import type { SloSpec } from '../../domain/slo/model.js';
import type { SliEvent } from '../../domain/slo/series.js';
import type { Executor } from '../../store/executor.js';
import type { StoredEvaluation } from '../../store/schema-slos.js';
import type { ServiceContext } from '../context.js';
import { loadIndicatorEvents } from './indicator-events.js';
import { findSlo } from './slo-records.js';

const DAY = 86_400_000;

/**
 * The events an SLO needs at `now`, `historyPeriods` periods back. Time slices carry the last
 * state forward, so a day more is read to know the state at the start.
 */
export async function sloEvents(
  db: Executor,
  spec: SloSpec,
  now: Date,
  historyPeriods = 0,
): Promise<SliEvent[]> {
  const range = evaluationRange(spec, now.getTime(), historyPeriods);
  const margin = spec.budgetingMethod === 'Occurrences' ? 0 : DAY;
  return loadIndicatorEvents(db, spec.indicator, {
    from: new Date(range.from - margin),
    to: now,
    now,
  });
}

/** Prometheus indicators are evaluated by Prometheus: say so instead of showing no data. */
function withNotes(spec: SloSpec, e: SloEvaluation): SloEvaluation {
  if (spec.indicator.kind !== 'prometheus') return e;
  return {
    ...e,
    warnings: [
      'a Prometheus indicator: `vigil slo rules` writes the rules Prometheus evaluates',
      ...e.warnings,
    ],
  };
}

/** The SLO's status now: indicator, budget left, burn rates, firing rules, warnings. */
export async function evaluateSlo({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string };
}): Promise<{ spec: SloSpec; evaluation: SloEvaluation }> {
  const row = await findSlo(ctx.store.db, input.name);
  const now = ctx.clock.now();
  const events = await sloEvents(ctx.store.db, row.spec, now);
  return { spec: row.spec, evaluation: withNotes(row.spec, evaluate(row.spec, events, now.getTime())) };
}

/** Indicator and budget left over time, for charts. */
export async function sloHistoryOf({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name: string; points?: number | undefined };
}): Promise<{ spec: SloSpec; points: HistoryPoint[] }> {
  const row = await findSlo(ctx.store.db, input.name);
  const now = ctx.clock.now();
  const events = await sloEvents(ctx.store.db, row.spec, now, 1);
  return { spec: row.spec, points: sloHistory(row.spec, events, now.getTime(), input.points ?? 60) };
}

/** What the worker keeps of an evaluation (for /metrics and lists). */
export function storedEvaluation(e: SloEvaluation): StoredEvaluation {
  return {
    at: new Date(e.at).toISOString(),
    status: e.status,
    sli: e.sli,
    budgetLeft: e.budgetLeft,
    burnRates: Object.fromEntries(e.windows.map((w) => [w.window, w.burnRate])),
    errorRatios: Object.fromEntries(e.windows.map((w) => [w.window, w.errorRatio])),
    firing: e.firing,
  };
}
