/** Vigil's anomaly detectors: pure, streaming, JSON state. See docs/benchmarks-nab.md for accuracy. */
import { ensembleDetector } from './ensemble.js';
import { levelShiftDetector } from './level-shift.js';
import { seasonalDetector } from './seasonal.js';
import type { Detector, DetectorName, MetricKind } from './types.js';

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
};

export const DETECTOR_NAMES = Object.keys(registry) as DetectorName[];

export function getDetector(name: DetectorName): Detector<unknown> {
  const d = registry[name];
  if (!d) throw new Error(`unknown detector: ${name}`);
  return d;
}

export function defaultDetectorFor(metricKind: MetricKind): DetectorName {
  return metricKind === 'freshness' ? 'freshness' : 'seasonal';
}
