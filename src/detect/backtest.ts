/** Replays a detector over a history: the alerts it would have raised, and a summary. */
import type { Detector, DetectorOptions, Point } from './types.js';

export interface BacktestAlert {
  time: number;
  value: number;
  expected: { lower: number; upper: number } | null;
  score: number;
  reason: string;
}

export interface BacktestSummary {
  points: number;
  learning: number;
  excluded: number;
  anomalies: number;
  /** runs of consecutive anomalous points: what a person would be paged for */
  episodes: number;
  maxScore: number;
  firstAlert: number | null;
  lastAlert: number | null;
}

export interface BacktestResult {
  detector: string;
  alerts: BacktestAlert[];
  summary: BacktestSummary;
}

/** Points with `exclude: true` (maintenance, incidents) are scored but not learnt from. */
export function runBacktest<S>(
  detector: Detector<S>,
  options: DetectorOptions,
  points: ReadonlyArray<Point & { exclude?: boolean }>,
): BacktestResult {
  let state = detector.init(options);
  const alerts: BacktestAlert[] = [];
  const summary: BacktestSummary = {
    points: 0,
    learning: 0,
    excluded: 0,
    anomalies: 0,
    episodes: 0,
    maxScore: 0,
    firstAlert: null,
    lastAlert: null,
  };
  let inEpisode = false;
  for (const p of [...points].sort((a, b) => a.time - b.time)) {
    const { verdict, state: next } = detector.update(
      state,
      { time: p.time, value: p.value },
      { exclude: p.exclude },
    );
    state = next;
    summary.points++;
    if (p.exclude) summary.excluded++;
    if (verdict.status === 'learning') summary.learning++;
    summary.maxScore = Math.max(summary.maxScore, verdict.score);
    const alert = verdict.status === 'anomaly' && !p.exclude;
    if (alert) {
      alerts.push({
        time: p.time,
        value: p.value,
        expected: verdict.expected,
        score: verdict.score,
        reason: verdict.reason,
      });
      summary.anomalies++;
      if (!inEpisode) summary.episodes++;
      summary.firstAlert ??= p.time;
      summary.lastAlert = p.time;
    }
    inEpisode = alert;
  }
  return { detector: detector.name, alerts, summary };
}
