/**
 * Error-budget arithmetic. All ratios are fractions (0.999, not 99.9). The budget is the share
 * of bad events the objective allows, 1 - target; a burn rate of 1 spends exactly that budget
 * over the SLO's period, so a burn rate of b spends it in period / b.
 */

/** The share of events allowed to be bad. */
export const errorBudget = (target: number): number => 1 - target;

/** How fast a window's error ratio spends the budget, relative to spending it evenly. */
export function burnRate(errorRatio: number, target: number): number {
  return errorRatio / errorBudget(target);
}

/** Share of the budget spent by an error ratio over the whole period (1 = all of it). */
export function budgetConsumed(errorRatio: number, target: number): number {
  return errorRatio / errorBudget(target);
}

/** Share of the budget still left; negative once the objective is missed. */
export function budgetLeft(errorRatio: number, target: number): number {
  return 1 - budgetConsumed(errorRatio, target);
}

/**
 * Milliseconds until the remaining budget is gone at a steady burn rate: 0 when nothing is
 * left, null when nothing burns.
 */
export function timeToExhaustionMs(left: number, periodMs: number, rate: number): number | null {
  if (left <= 0) return 0;
  if (rate <= 0) return null;
  return (left * periodMs) / rate;
}

/** The burn rate that spends `share` of the budget within `windowMs` (the workbook's thresholds). */
export function burnRateForShare(share: number, periodMs: number, windowMs: number): number {
  return (share * periodMs) / windowMs;
}

/** The share of the budget a burn rate spends over a window. */
export function shareSpent(rate: number, windowMs: number, periodMs: number): number {
  return (rate * windowMs) / periodMs;
}

/**
 * How long an alert on `threshold` over `windowMs` takes to fire at a given error ratio: the
 * window must average a burn of `threshold`, so at burn b it fills in windowMs × threshold / b.
 * Null when the error ratio can never reach the threshold.
 */
export function detectionTimeMs(
  errorRatio: number,
  target: number,
  threshold: number,
  windowMs: number,
): number | null {
  const rate = burnRate(errorRatio, target);
  if (rate < threshold || rate <= 0) return null;
  return (windowMs * threshold) / rate;
}

/** Bad events allowed over a period holding `totalEvents`. */
export const allowedBadEvents = (totalEvents: number, target: number): number =>
  totalEvents * errorBudget(target);
