/**
 * Ensemble: six views of one series, each a robust z against that view's own history:
 *  0 seasonal: value against the seasonal baseline's forecast for this time of day or week,
 *  1 level:    the level-shift detector (median of the last points against the window before),
 *  2 step:     a sudden jump, against how the series usually moves (counted only when the point
 *              is also away from the forecast in the jump's direction: a recovery is not news),
 *  3 phase:    value against the same phase of recent periods (a missing daily peak),
 *  4 extreme:  value against the long-run centre and spread (out of its usual range),
 *  5 stuck:    a run of identical values longer than the series has shown (a frozen feed).
 * Each z becomes novelty (how far it beats that view's recent record, see novelty.ts); the
 * largest novelty is the point's surprise. Surprise is also fed to the anomaly likelihood
 * (likelihood.ts), which catches a spell of moderate surprises that no single point makes.
 * Score = the larger of the two, mapped so that novelty 1 (a new record) or a likelihood tail
 * of 10^-LIKELIHOOD_DIGITS lands on the medium alert line. Both are scale-free, so one alert
 * line fits every series. The band is the seasonal one; the reason comes from the leading view.
 *
 * Context (context.ts) adds two facts no z-score gives: a value beyond the series' known range
 * (by a margin), and a move between levels the series has never made. The first alerts on its
 * own; the second only when the views above see at least a mild surprise (score >=
 * MOVE_GATE), since a young series makes new moves all the time. Either lifts the score to
 * CONTEXT_SCORE, just above the medium alert line.
 *
 * Episodes: once a point alerts, the score of the following points is halved for a hold of
 * HOLD_SHARE of the history seen (at most HOLD_MAX points), so one incident alerts once, as
 * alert de-duplication would, instead of on every point while it lasts. A stronger surprise
 * inside the hold still shows in the score, at half weight.
 */
import { type Channels, channelZ, emptyChannels, learnChannels } from './channels.js';
import {
  assessLevelShift,
  type LevelShiftState,
  learnLevelShift,
  levelShiftDetector,
} from './level-shift.js';
import {
  type ContextReading,
  type ContextState,
  contextReason,
  emptyContext,
  learnContext,
  readContext,
} from './context.js';
import { emptyLikelihood, type Likelihood, stepLikelihood } from './likelihood.js';
import { emptyRecord, noveltyOf, type Record_, recordZ } from './novelty.js';
import { ALERT_SCORE, directional } from './options.js';
import { assessSeasonal, learnSeasonal, type SeasonalState, seasonalDetector } from './seasonal.js';
import type { Detector, DetectorOptions, Direction, Verdict } from './types.js';

export interface EnsembleState {
  v: 2;
  seasonal: SeasonalState;
  shift: LevelShiftState;
  channels: Channels;
  /** recent records of each view's |z|, in the order above */
  records: Record_[];
  likelihood: Likelihood;
  /** absent in states saved before the context view existed */
  context?: ContextState;
  /** points left in the current episode's hold */
  hold: number;
  n: number;
}

/** novelty / (novelty + C) is ALERT_SCORE.medium at novelty 1 */
const C = (1 - ALERT_SCORE.medium) / ALERT_SCORE.medium;
/** a likelihood tail of 10^-LIKELIHOOD_DIGITS scores ALERT_SCORE.medium */
const LIKELIHOOD_DIGITS = 12;
/** surprise fed to the likelihood: novelty (capped at 1) cubed, so ordinary points weigh ~0 */
const LIKELIHOOD_POWER = 3;
const HOLD_SHARE = 0.1;
const HOLD_MAX = 1000;
const HOLD_FACTOR = 0.5;
/** robust z from the forecast a point needs before its step counts */
const STEP_GATE = 2;
/** weight of each view's novelty: a lasting level move needs to beat its record by a little less */
const WEIGHT = [1, 1.05, 1, 1, 1, 1];
/** score given to a context fact (out of range, new move): alerts at medium and high */
const CONTEXT_SCORE = 0.9;
/** score the other views must reach before a new move counts */
const MOVE_GATE = 0.2;
/** points seen before a new move counts (a young series makes new moves all the time) */
const MOVE_MIN_POINTS = 100;

function fresh(options: DetectorOptions): EnsembleState {
  return {
    v: 2,
    seasonal: seasonalDetector.init(options),
    shift: levelShiftDetector.init(options),
    channels: emptyChannels(),
    records: WEIGHT.map(() => emptyRecord()),
    likelihood: emptyLikelihood(),
    context: emptyContext(),
    hold: 0,
    n: 0,
  };
}

/** A state saved by the first ensemble (v1: seasonal and level only) keeps what it learnt. */
function upgrade(s: EnsembleState): EnsembleState {
  if (s.v === 2) return s;
  const old = s as { seasonal: SeasonalState; shift: LevelShiftState };
  return { ...fresh(old.seasonal.opts), seasonal: old.seasonal, shift: old.shift };
}

/** The reason is read from `from` only when asked for (kept out of update's closure scope). */
function lazyVerdict(
  status: Verdict['status'],
  score: number,
  expected: Verdict['expected'],
  from: Verdict,
): Verdict {
  return {
    status,
    score,
    expected,
    get reason() {
      return from.reason;
    },
  };
}

function views(s: EnsembleState, time: number, value: number, seasonalZ: number, levelZ: number): number[] {
  const { direction } = s.seasonal.opts;
  const tol = s.seasonal.tolerance;
  const c = channelZ(s.channels, time, value);
  const stepCounts = c.step * seasonalZ > 0 && Math.abs(seasonalZ) >= STEP_GATE;
  return [
    seasonalZ,
    levelZ,
    stepCounts ? directional(c.step, direction) / tol : 0,
    directional(c.phase, direction) / tol,
    directional(c.extreme, direction) / tol,
    direction === 'both' ? c.stuck : 0,
  ];
}

/** Whether the context reading counts, in the watched direction (a new move needs a mild surprise). */
function contextFact(r: ContextReading, score: number, z: number, n: number, direction: Direction): boolean {
  const watched = (sign: number) => sign !== 0 && (direction === 'both' || (direction === 'up') === sign > 0);
  // A new move counts once the series has had time to show its moves, and only away from the
  // forecast and not from a point that was itself novel: the way back from a drop is a new
  // move too, but not news.
  const move =
    n >= MOVE_MIN_POINTS && score >= MOVE_GATE && !r.fromNovel && r.newMove * z > 0 && watched(r.newMove);
  return watched(r.outside) || move;
}

/** Only the reason is read from this verdict. */
function contextVerdict(s: EnsembleState, value: number, r: ContextReading): Verdict {
  const label = s.seasonal.opts.metricLabel;
  return {
    status: 'anomaly',
    score: CONTEXT_SCORE,
    expected: r.range,
    get reason() {
      return contextReason(label, value, r, s.n);
    },
  };
}

export const ensembleDetector: Detector<EnsembleState> = {
  name: 'ensemble',
  init: fresh,
  update(saved, point, opts) {
    const state = upgrade(saved);
    const a = assessSeasonal(state.seasonal, point);
    const b = assessLevelShift(state.shift, point);
    const zs = views(state, point.time, point.value, a.z, b.judged);
    let lead = 0;
    let novelty = 0;
    zs.forEach((z, k) => {
      const nv = noveltyOf(state.records[k] ?? emptyRecord(), z) * (WEIGHT[k] ?? 1);
      if (nv > novelty) {
        novelty = nv;
        lead = k;
      }
    });
    const lk = stepLikelihood(state.likelihood, Math.min(1, novelty) ** LIKELIHOOD_POWER);
    const likely = (-Math.log10(Math.max(lk.tail, 1e-300)) / LIKELIHOOD_DIGITS) * ALERT_SCORE.medium;
    const learning = a.verdict.status === 'learning';
    const alertAt = ALERT_SCORE[state.seasonal.opts.sensitivity];
    let score = learning ? 0 : Math.min(1, Math.max(novelty / (novelty + C), likely));
    const context = state.context ?? emptyContext();
    const cr = readContext(context, point.value);
    const fact = contextFact(cr, score, a.z, state.n, state.seasonal.opts.direction);
    // The context speaks (and gives the reason) only when the other views did not already alert.
    const raised = !learning && fact && score < CONTEXT_SCORE;
    if (raised) score = CONTEXT_SCORE;
    let hold = Math.max(0, state.hold - 1);
    if (hold > 0) score *= HOLD_FACTOR;
    else if (score >= alertAt) hold = Math.min(HOLD_MAX, Math.floor(HOLD_SHARE * state.n));
    const verdict = lazyVerdict(
      learning ? 'learning' : score >= alertAt ? 'anomaly' : 'ok',
      score,
      a.verdict.expected ?? b.verdict.expected,
      learning
        ? a.verdict
        : raised
          ? contextVerdict(state, point.value, cr)
          : lead === 1
            ? b.verdict
            : a.verdict,
    );
    if (opts?.exclude || !Number.isFinite(point.value)) return { verdict, state: saved };
    return {
      verdict,
      state: {
        v: 2,
        seasonal: learnSeasonal(state.seasonal, point, a, false),
        shift: learnLevelShift(state.shift, point, b, false),
        channels: learnChannels(state.channels, point.time, point.value),
        records: zs.map((z, k) => recordZ(state.records[k] ?? emptyRecord(), z)),
        likelihood: lk.state,
        context: learnContext(context, point.value, cr),
        hold,
        n: state.n + 1,
      },
    };
  },
  applyFeedback(saved, point, kind) {
    const state = upgrade(saved);
    return {
      ...state,
      seasonal: seasonalDetector.applyFeedback(state.seasonal, point, kind),
      shift: levelShiftDetector.applyFeedback(state.shift, point, kind),
    };
  },
};
