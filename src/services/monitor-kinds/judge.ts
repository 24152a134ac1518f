import {
  ALERT_SCORE,
  type DetectorName,
  type DetectorOptions,
  defaultDetectorFor,
  getDetector,
  type Verdict,
} from '../../detect/index.js';
import type { CheckOutcome } from '../../domain/monitor.js';
import type { MonitorState } from './kind.js';

export interface Bounds {
  min?: number | undefined;
  max?: number | undefined;
}

export interface JudgeSpec {
  /** Static bounds win over the learned baseline when given. */
  bounds?: Bounds | undefined;
  detector?: DetectorName | undefined;
  metricKind: 'volume' | 'column' | 'freshness' | 'custom';
  options: DetectorOptions;
}

export interface Judgement {
  verdict: Verdict;
  state: MonitorState;
}

const fmt = (n: number) =>
  Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumSignificantDigits: 4 });

function judgeBounds(value: number, bounds: Bounds, label: string): Verdict {
  const lower = bounds.min ?? Number.NEGATIVE_INFINITY;
  const upper = bounds.max ?? Number.POSITIVE_INFINITY;
  const expected = { lower, upper };
  if (value < lower)
    return {
      status: 'anomaly',
      score: 1,
      expected,
      reason: `${label} ${fmt(value)} is below the minimum ${fmt(lower)}`,
    };
  if (value > upper)
    return {
      status: 'anomaly',
      score: 1,
      expected,
      reason: `${label} ${fmt(value)} is above the maximum ${fmt(upper)}`,
    };
  return { status: 'ok', score: 0, expected, reason: `${label} ${fmt(value)} is within bounds` };
}

/**
 * Judges one metric value: by static bounds when the monitor has them, else by the learned
 * detector whose state is kept under `key` in the monitor's state.
 */
export function judge(
  state: MonitorState,
  key: string,
  time: Date,
  value: number,
  spec: JudgeSpec,
): Judgement {
  const label = spec.options.metricLabel ?? key;
  if (spec.bounds && (spec.bounds.min !== undefined || spec.bounds.max !== undefined)) {
    return { verdict: judgeBounds(value, spec.bounds, label), state };
  }
  const detector = getDetector(spec.detector ?? defaultDetectorFor(spec.metricKind));
  const previous = state.detectors[key] ?? detector.init(spec.options);
  const { verdict, state: next } = detector.update(previous, { time: time.getTime(), value });
  return {
    verdict: bandIsTheLimit(verdict, value, label, spec.options),
    state: { ...state, detectors: { ...state.detectors, [key]: next } },
  };
}

/**
 * The band a user sees on the chart is the promise: a value outside it fails, even when the
 * detector's own score (tuned to stay quiet on long, noisy streams) has not yet reached its
 * alert line. A value inside the band may still fail: a level shift can be real before any one
 * point leaves the band.
 */
function bandIsTheLimit(verdict: Verdict, value: number, label: string, options: DetectorOptions): Verdict {
  if (verdict.status !== 'ok' || !verdict.expected) return verdict;
  const { lower, upper } = verdict.expected;
  const direction = options.direction ?? 'both';
  const below = value < lower && direction !== 'up';
  const above = value > upper && direction !== 'down';
  if (!below && !above) return verdict;
  const side = below ? 'below' : 'above';
  return {
    ...verdict,
    status: 'anomaly',
    score: Math.max(verdict.score, ALERT_SCORE[options.sensitivity ?? 'medium']),
    reason: `${label} ${fmt(value)} is ${side} the expected ${fmt(lower)}–${fmt(upper)}`,
  };
}

/** A verdict as a check outcome. */
export function outcomeOf(
  verdict: Verdict,
  observed: number,
  details?: Record<string, unknown>,
): CheckOutcome {
  const status = verdict.status === 'anomaly' ? 'fail' : verdict.status === 'learning' ? 'learning' : 'pass';
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  const expected = verdict.expected
    ? { lower: finite(verdict.expected.lower), upper: finite(verdict.expected.upper) }
    : null;
  return {
    status,
    observed,
    expected,
    score: verdict.score,
    message: verdict.reason,
    details,
  };
}
