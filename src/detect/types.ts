/** Public shapes shared by every detector. Detectors are pure: no I/O, no clock, no randomness. */

export type Sensitivity = 'low' | 'medium' | 'high';
export type Direction = 'up' | 'down' | 'both';

export interface DetectorOptions {
  sensitivity?: Sensitivity;
  direction?: Direction;
  /** points to learn from before any alert; until then verdicts say "learning" */
  minTrainingPoints?: number;
  /** e.g. "row count", used in reasons */
  metricLabel?: string;
  /** IANA zone for season labels in reasons ("Monday 09:00"); default UTC */
  timeZone?: string;
}

export interface Point {
  /** epoch ms */
  time: number;
  value: number;
}

export interface Verdict {
  status: 'learning' | 'ok' | 'anomaly';
  /** [0,1]; the alert fires at the sensitivity's threshold */
  score: number;
  expected: { lower: number; upper: number } | null;
  reason: string;
}

export interface UpdateResult<S> {
  verdict: Verdict;
  state: S;
}

export interface Detector<S> {
  readonly name: string;
  init(options: DetectorOptions): S;
  /** Scores the point, then learns from it (unless excluded). Never mutates `state`. */
  update(state: S, point: Point, opts?: { exclude?: boolean }): UpdateResult<S>;
  /** A person's judgement of an alert: "expected" widens the baseline toward the point. */
  applyFeedback(state: S, point: Point, kind: 'expected' | 'false_alarm'): S;
}

export type DetectorName = 'seasonal' | 'freshness' | 'level-shift' | 'ensemble';
export type MetricKind = 'volume' | 'column' | 'freshness' | 'custom';
