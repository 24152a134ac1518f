import { budgetLeft, burnRate, timeToExhaustionMs } from './budget.js';
import { type BurnRule, burnRules, ruleWindows } from './burn-rules.js';
import { fixedMs, formatWindow } from './duration.js';
import type { SloSpec } from './model.js';
import { periodAt } from './period.js';
import { buildSeries, errorRatio, type SliEvent, type SliSeries } from './series.js';

export type SloStatus = 'ok' | 'warning' | 'critical' | 'exhausted' | 'no_data';

export interface WindowBurn {
  window: string;
  ms: number;
  errorRatio: number | null;
  burnRate: number | null;
  events: number;
}

export interface RuleState {
  severity: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  factor: number;
  longBurn: number | null;
  shortBurn: number | null;
  firing: boolean;
}

export interface SloEvaluation {
  at: number;
  periodStart: number;
  periodEnd: number;
  status: SloStatus;
  /** The indicator over the period so far (good / total), null without data. */
  sli: number | null;
  target: number;
  /** Share of the budget left (1 = untouched, ≤ 0 = spent); null without data. */
  budgetLeft: number | null;
  good: number;
  total: number;
  events: number;
  windows: WindowBurn[];
  rules: RuleState[];
  firing: 'page' | 'ticket' | null;
  /** At the last hour's burn rate; null when nothing burns. */
  timeToExhaustionMs: number | null;
  warnings: string[];
}

export interface HistoryPoint {
  at: number;
  sli: number | null;
  budgetLeft: number | null;
}

/** The span of events an evaluation (and a history of `periods` periods back) needs. */
export function evaluationRange(
  spec: SloSpec,
  now: number,
  historyPeriods = 0,
): { from: number; to: number } {
  const p = periodAt(spec.timeWindow, now);
  const longest = Math.max(p.end - p.start, ...ruleWindows(burnRules(p.lengthMs)));
  return { from: Math.min(p.start, now - longest) - historyPeriods * p.lengthMs, to: now };
}

function seriesFor(spec: SloSpec, events: SliEvent[], from: number, to: number): SliSeries {
  return buildSeries(events, {
    method: spec.budgetingMethod,
    sliceMs: spec.objective.timeSliceWindow ? fixedMs(spec.objective.timeSliceWindow) : undefined,
    sliceTarget: spec.objective.timeSliceTarget,
    from,
    to,
  });
}

const windowBurn = (series: SliSeries, target: number, now: number, ms: number): WindowBurn => {
  const w = series.window(now - ms, now);
  const ratio = errorRatio(w);
  return {
    window: formatWindow(ms),
    ms,
    errorRatio: ratio,
    burnRate: ratio === null ? null : burnRate(ratio, target),
    events: w.events,
  };
};

function ruleState(rule: BurnRule, burns: Map<number, WindowBurn>): RuleState {
  const long = burns.get(rule.longMs)?.burnRate ?? null;
  const short = burns.get(rule.shortMs)?.burnRate ?? null;
  return {
    severity: rule.severity,
    longWindow: formatWindow(rule.longMs),
    shortWindow: formatWindow(rule.shortMs),
    factor: rule.factor,
    longBurn: long,
    shortBurn: short,
    firing: long !== null && short !== null && long > rule.factor && short > rule.factor,
  };
}

/**
 * The state of an SLO at `now` from its indicator's events: the indicator and budget over the
 * period, burn rates over every alert window, which multiwindow rules fire, and warnings for
 * windows that hold too few events to mean much. Pure: the caller supplies the events and time.
 */
export function evaluateSlo(spec: SloSpec, events: SliEvent[], now: number): SloEvaluation {
  const period = periodAt(spec.timeWindow, now);
  const range = evaluationRange(spec, now);
  const series = seriesFor(spec, events, range.from, now);
  const target = spec.objective.target;
  const whole = series.window(period.start, now);
  const ratio = errorRatio(whole);
  const left = ratio === null ? null : budgetLeft(ratio, target);
  const allRules = burnRules(period.lengthMs).filter((r) =>
    r.severity === 'page' ? spec.alerting.page : spec.alerting.ticket,
  );
  const windowMs = [...new Set([...ruleWindows(burnRules(period.lengthMs)), period.lengthMs])];
  const burns = new Map(windowMs.map((ms) => [ms, windowBurn(series, target, now, ms)]));
  const rules = allRules.map((r) => ruleState(r, burns));
  const firing = rules.some((r) => r.firing && r.severity === 'page')
    ? 'page'
    : rules.some((r) => r.firing)
      ? 'ticket'
      : null;
  const warnings: string[] = [];
  for (const r of allRules) {
    const n = burns.get(r.longMs)?.events ?? 0;
    if (n < spec.alerting.minEvents) {
      warnings.push(
        `the ${formatWindow(r.longMs)} window holds ${n} event(s), fewer than ${spec.alerting.minEvents}: its burn rate says little${spec.budgetingMethod === 'Occurrences' ? '; Timeslices suit a sparse indicator better' : ''}`,
      );
    }
  }
  const hourBurn = burns.get(3_600_000)?.burnRate ?? null;
  const status: SloStatus =
    left === null
      ? 'no_data'
      : left <= 0
        ? 'exhausted'
        : firing === 'page'
          ? 'critical'
          : firing
            ? 'warning'
            : 'ok';
  return {
    at: now,
    periodStart: period.start,
    periodEnd: period.end,
    status,
    sli: ratio === null ? null : 1 - ratio,
    target,
    budgetLeft: left,
    good: whole.good,
    total: whole.total,
    events: whole.events,
    windows: [...burns.values()].sort((a, b) => a.ms - b.ms),
    rules,
    firing,
    timeToExhaustionMs:
      left === null
        ? null
        : timeToExhaustionMs(left, period.lengthMs, hourBurn ?? (ratio ?? 0) / (1 - target)),
    warnings,
  };
}

/**
 * The indicator and budget left at `points` instants up to now, for charts. Rolling windows look
 * back one period from each instant (events from two periods are needed); calendar windows show
 * the current period filling up from its start.
 */
export function sloHistory(spec: SloSpec, events: SliEvent[], now: number, points = 60): HistoryPoint[] {
  const period = periodAt(spec.timeWindow, now);
  const range = evaluationRange(spec, now, 1);
  const series = seriesFor(spec, events, range.from, now);
  const target = spec.objective.target;
  const span = spec.timeWindow.rolling ? period.lengthMs : Math.max(1, now - period.start);
  const out: HistoryPoint[] = [];
  for (let i = 0; i < points; i++) {
    const at = Math.round(now - span + (span * (i + 1)) / points);
    const start = spec.timeWindow.rolling ? at - period.lengthMs : period.start;
    const ratio = errorRatio(series.window(start, at));
    out.push({
      at,
      sli: ratio === null ? null : 1 - ratio,
      budgetLeft: ratio === null ? null : budgetLeft(ratio, target),
    });
  }
  return out;
}
