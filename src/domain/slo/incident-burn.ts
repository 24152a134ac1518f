import { errorBudget } from './budget.js';
import { fixedMs } from './duration.js';
import type { SloSpec } from './model.js';
import { periodAt } from './period.js';
import { buildSeries, type SliEvent } from './series.js';

export interface IncidentBurn {
  /** Bad events (or slices) that fell while the incident lasted. */
  bad: number;
  /** Bad events (or slices) the period around the incident allows. */
  allowed: number;
  /** bad / allowed: 0.25 means the incident spent a quarter of the budget. */
  share: number;
}

/**
 * How much of an SLO's budget an incident burned: the bad units between its start and its end
 * (or now), against the units the budget allows over the period that ends when the incident ends.
 */
export function incidentBudgetBurn(
  spec: SloSpec,
  events: SliEvent[],
  from: number,
  to: number,
): IncidentBurn {
  const period = periodAt(spec.timeWindow, to);
  const start = Math.min(period.start, from);
  const series = buildSeries(events, {
    method: spec.budgetingMethod,
    sliceMs: spec.objective.timeSliceWindow ? fixedMs(spec.objective.timeSliceWindow) : undefined,
    sliceTarget: spec.objective.timeSliceTarget,
    from: start,
    to,
  });
  const during = series.window(from, to);
  const whole = series.window(period.start, to);
  const bad = during.total - during.good;
  const allowed = whole.total * errorBudget(spec.objective.target);
  return { bad, allowed, share: allowed > 0 ? bad / allowed : 0 };
}
