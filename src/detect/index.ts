/** Vigil's anomaly detectors: pure, streaming, JSON state. See docs/benchmarks-nab.md for accuracy. */
import { type BacktestResult, runBacktest } from './backtest.js';
import { ensembleDetector } from './ensemble.js';
import { freshnessDetector } from './freshness.js';
import { levelShiftDetector } from './level-shift.js';
import { seasonalDetector } from './seasonal.js';
import type { Detector, DetectorName, DetectorOptions, MetricKind, Point } from './types.js';

export type { BacktestAlert, BacktestResult, BacktestSummary } from './backtest.js';
export { type FreshnessState, learnUpdates } from './freshness.js';
export { ALERT_SCORE } from './options.js';
export type {
  Detector,
  DetectorName,
  DetectorOptions,
  Direction,
  MetricKind,
  Point,
  Sensitivity,
  Verdict,
} from './types.js';

const registry: Record<string, Detector<unknown>> = {
  seasonal: seasonalDetector as Detector<unknown>,
  'level-shift': levelShiftDetector as Detector<unknown>,
  ensemble: ensembleDetector as Detector<unknown>,
  freshness: freshnessDetector as Detector<unknown>,
};

export const DETECTOR_NAMES = Object.keys(registry) as DetectorName[];

export function getDetector(name: DetectorName): Detector<unknown> {
  const d = registry[name];
  if (!d) throw new Error(`unknown detector: ${name}`);
  return d;
}

/**
 * Volume and column metrics get the ensemble: the robust seasonal baseline (its band and its
 * reasons) with level-shift, step, phase, range and context views beside it, which scores far
 * higher on NAB than any of them alone (docs/benchmarks-nab.md).
 */
export function defaultDetectorFor(metricKind: MetricKind): DetectorName {
  return metricKind === 'freshness' ? 'freshness' : 'ensemble';
}

/**
 * Replays `detectorName` over `points` (sorted by time here) and returns the alerts it would
 * have raised (time, value, expected band, score, reason) and a summary. Pure.
 */
export function backtest(
  detectorName: DetectorName,
  options: DetectorOptions,
  points: ReadonlyArray<Point & { exclude?: boolean }>,
): BacktestResult {
  return runBacktest(getDetector(detectorName), options, points);
}
