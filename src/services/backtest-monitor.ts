import { z } from 'zod';
import {
  type BacktestSummary,
  backtest,
  type DetectorName,
  defaultDetectorFor,
  type MetricKind,
  type Sensitivity,
} from '../detect/index.js';
import { AppError, notFound } from '../domain/errors.js';
import type { Monitor } from '../domain/monitor.js';
import { findLiveMonitor } from '../store/repositories/monitors.js';
import type { ServiceContext } from './context.js';
import { type Detection, detectionSchema, detectorOptions } from './monitor-kinds/common.js';
import { type Bounds, judge } from './monitor-kinds/judge.js';
import { toMonitor } from './monitor-views.js';

export const backtestInputSchema = z
  .object({
    days: z.number().int().min(1).max(366).default(30),
    sensitivity: z.enum(['low', 'medium', 'high']).optional(),
  })
  .strict();

export interface BacktestAlertView {
  at: string;
  metric: string;
  segment: string;
  value: number;
  expected: { lower: number | null; upper: number | null } | null;
  score: number;
  reason: string;
}

export interface BacktestSeries {
  metric: string;
  segment: string;
  /** The detector replayed, or `bounds` for a static range. */
  detector: string;
  summary: BacktestSummary;
}

export interface BacktestReport {
  monitorId: string;
  monitor: string;
  sensitivity: Sensitivity;
  since: string;
  until: string;
  series: BacktestSeries[];
  /** Every metric's alerts, oldest first. */
  alerts: BacktestAlertView[];
  totals: { points: number; alerts: number; episodes: number };
}

/** What a kind judges: the metric(s) stored, how they are judged, and their static bounds. */
interface Judged {
  metricKind: MetricKind;
  /** The stored metric, or undefined for every metric the monitor stored (column health). */
  metric?: string;
  bounds: (metric: string) => Bounds | undefined;
  direction?: 'up';
  label: (metric: string) => string;
}

function judgedOf(m: Monitor): Judged {
  const c = m.config as Record<string, unknown> & { bounds?: unknown };
  const plain = c.bounds as Bounds | undefined;
  switch (m.kind) {
    case 'volume': {
      const on = (c.on as string | undefined) ?? 'rows_added';
      return { metricKind: 'volume', metric: on, bounds: () => plain, label: () => on.replace('_', ' ') };
    }
    case 'freshness': {
      const max = typeof c.maxAgeMinutes === 'number' ? { max: c.maxAgeMinutes * 60 } : undefined;
      return {
        metricKind: 'freshness',
        metric: 'age_seconds',
        bounds: () => max,
        direction: 'up',
        label: () => 'age in seconds',
      };
    }
    case 'column_health': {
      const byMetric = (c.bounds ?? {}) as Record<string, Bounds>;
      return {
        metricKind: 'column',
        bounds: (metric) => byMetric[metric],
        label: (metric) => metric.replace('.', ' '),
      };
    }
    case 'custom_sql':
      if (c.mode === 'failing_rows')
        return {
          metricKind: 'custom',
          metric: 'failing_rows',
          bounds: () => ({ max: 0 }),
          label: () => 'failing rows',
        };
      return {
        metricKind: 'custom',
        metric: 'value',
        bounds: () => plain,
        label: () => (c.label as string | undefined) ?? 'value',
      };
    case 'threshold':
      return {
        metricKind: 'custom',
        metric: c.metric as string,
        bounds: () => plain,
        label: () => c.metric as string,
      };
    default:
      throw new AppError('VALIDATION_FAILED', `a ${m.kind} monitor has no metric to backtest`, [
        { path: 'kind', message: 'schema monitors compare snapshots; there is no detector to replay' },
      ]);
  }
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

/**
 * Replays the monitor's stored metric history through its detector, at the sensitivity asked, and
 * answers the alerts it would have raised: the noise a person would get before turning it on.
 * Static bounds, where the monitor has them, are replayed as they judge. Reads only.
 */
export async function backtestMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { monitorId: string; days?: number | undefined; sensitivity?: Sensitivity | undefined };
}): Promise<BacktestReport> {
  const row = await findLiveMonitor(ctx.store.db, input.monitorId);
  if (!row) throw notFound('monitor', input.monitorId);
  const monitor = toMonitor(row);
  const judged = judgedOf(monitor);
  const detection: Detection = detectionSchema.parse(monitor.config.detection ?? {});
  const sensitivity = input.sensitivity ?? detection.sensitivity;
  const until = ctx.clock.now();
  const since = new Date(until.getTime() - (input.days ?? 30) * 86_400_000);
  let query = ctx.store.db
    .selectFrom('metric_points')
    .select(['metric', 'segment', 'at', 'value'])
    .where('monitor_id', '=', row.id)
    .where('at', '>=', since)
    .where('at', '<=', until)
    .orderBy('metric')
    .orderBy('segment')
    .orderBy('at');
  if (judged.metric) query = query.where('metric', '=', judged.metric);
  // Column health stores row counts beside its column metrics; volume monitors judge those.
  else query = query.where('metric', '!=', 'row_count');
  const groups = new Map<
    string,
    { metric: string; segment: string; points: Array<{ time: number; value: number }> }
  >();
  for (const p of await query.execute()) {
    const k = `${p.segment}\u0000${p.metric}`;
    const g = groups.get(k) ?? { metric: p.metric, segment: p.segment, points: [] };
    g.points.push({ time: new Date(p.at).getTime(), value: Number(p.value) });
    groups.set(k, g);
  }
  const series: BacktestSeries[] = [];
  const alerts: BacktestAlertView[] = [];
  for (const g of groups.values()) {
    const bounds = judged.bounds(g.metric);
    const label = g.segment ? `${judged.label(g.metric)} for ${g.segment}` : judged.label(g.metric);
    const options = detectorOptions(
      { ...detection, sensitivity, ...(judged.direction ? { direction: judged.direction } : {}) },
      label,
    );
    const replay =
      bounds && (bounds.min !== undefined || bounds.max !== undefined)
        ? replayBounds(g.points, bounds, label)
        : backtest(
            detection.detector ?? (defaultDetectorFor(judged.metricKind) as DetectorName),
            options,
            g.points,
          );
    series.push({ metric: g.metric, segment: g.segment, detector: replay.detector, summary: replay.summary });
    for (const a of replay.alerts)
      alerts.push({
        at: new Date(a.time).toISOString(),
        metric: g.metric,
        segment: g.segment,
        value: a.value,
        expected: a.expected ? { lower: finite(a.expected.lower), upper: finite(a.expected.upper) } : null,
        score: a.score,
        reason: a.reason,
      });
  }
  alerts.sort((a, b) => a.at.localeCompare(b.at) || a.metric.localeCompare(b.metric));
  return {
    monitorId: row.id,
    monitor: row.name,
    sensitivity,
    since: since.toISOString(),
    until: until.toISOString(),
    series,
    alerts,
    totals: {
      points: series.reduce((n, s) => n + s.summary.points, 0),
      alerts: alerts.length,
      episodes: series.reduce((n, s) => n + s.summary.episodes, 0),
    },
  };
}

/** Static bounds judge each point alone: no learning, so every point outside is an alert. */
function replayBounds(points: Array<{ time: number; value: number }>, bounds: Bounds, label: string) {
  const state = { detectors: {}, memory: {} };
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
  const alerts: Array<{
    time: number;
    value: number;
    expected: { lower: number; upper: number } | null;
    score: number;
    reason: string;
  }> = [];
  let inEpisode = false;
  for (const p of points) {
    const { verdict } = judge(state, 'bounds', new Date(p.time), p.value, {
      bounds,
      metricKind: 'custom',
      options: { metricLabel: label },
    });
    summary.points++;
    summary.maxScore = Math.max(summary.maxScore, verdict.score);
    const alert = verdict.status === 'anomaly';
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
  return { detector: 'bounds', alerts, summary };
}
