/**
 * Ensemble: four views of one series, each a robust z against its own history:
 *  - the seasonal baseline (value against the forecast for this time of day or week),
 *  - the level-shift detector (a lasting move of the level),
 *  - the step channel (a sudden jump, against how the series usually moves),
 *  - the phase channel (value against the same phase of recent periods).
 * Each z is turned into novelty (how far it beats that view's recent record, see novelty.ts) and
 * the score is the largest novelty mapped into [0,1]. One alert line fits every series because
 * novelty is scale-free. The band is the seasonal one (it knows the time of day); the reason
 * comes from the view that scored highest.
 *
 * Episodes: once a point alerts, the score of the next points is halved for a hold of
 * HOLD_SHARE of the history seen (at most HOLD_MAX points), so one incident pages once, as alert
 * de-duplication would, instead of once per point while it lasts.
 */
import { type Channels, channelZ, emptyChannels, learnChannels } from './channels.js';
import {
  assessLevelShift,
  type LevelShiftState,
  learnLevelShift,
  levelShiftDetector,
} from './level-shift.js';
import { emptyRecord, noveltyOf, type Record_, recordZ } from './novelty.js';
import { ALERT_SCORE, directional } from './options.js';
import { assessSeasonal, learnSeasonal, type SeasonalState, seasonalDetector } from './seasonal.js';
import type { Detector, DetectorOptions, Verdict } from './types.js';

export interface EnsembleState {
  v: 2;
  seasonal: SeasonalState;
  shift: LevelShiftState;
  channels: Channels;
  /** recent records of seasonal, level, step and phase |z| */
  records: Record_[];
  /** points left in the current episode's hold */
  hold: number;
  n: number;
}

const P = (k: string, d: number) => Number(process.env[k] ?? d);
/** novelty at which the score is ALERT_SCORE.medium */
const NOVELTY_AT_ALERT = P('V_NA', 1);
const C = (NOVELTY_AT_ALERT * (1 - ALERT_SCORE.medium)) / ALERT_SCORE.medium;
const HOLD_SHARE = P('V_HS', 0.1);
const HOLD_MAX = P('V_HM', 1000);
const HOLD_FACTOR = P('V_HF', 0.5);
/** robust z from the forecast a point needs before its step counts */
const STEP_GATE = P('V_SG', 2);

function fresh(options: DetectorOptions): EnsembleState {
  return {
    v: 2,
    seasonal: seasonalDetector.init(options),
    shift: levelShiftDetector.init(options),
    channels: emptyChannels(),
    records: [emptyRecord(), emptyRecord(), emptyRecord(), emptyRecord()],
    hold: 0,
    n: 0,
  };
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

export const ensembleDetector: Detector<EnsembleState> = {
  name: 'ensemble',
  init: fresh,
  update(state, point, opts) {
    const a = assessSeasonal(state.seasonal, point);
    const b = assessLevelShift(state.shift, point);
    const { direction, sensitivity } = state.seasonal.opts;
    const tol = state.seasonal.tolerance;
    const cz = channelZ(state.channels, point.time, point.value);
    // A step counts only away from the forecast: the return from a drop is a jump up, not news.
    const step = cz.step * a.z > 0 && Math.abs(a.z) >= STEP_GATE ? directional(cz.step, direction) / tol : 0;
    const zs = [a.z, b.judged, step, directional(cz.phase, direction) / tol];
    let lead = 0;
    let novelty = 0;
    zs.forEach((z, k) => {
      const nv = noveltyOf(state.records[k]!, z);
      if (nv > novelty) {
        novelty = nv;
        lead = k;
      }
    });
    const learning = a.verdict.status === 'learning';
    const alertAt = ALERT_SCORE[sensitivity];
    let score = learning ? 0 : novelty / (novelty + C);
    let hold = Math.max(0, state.hold - 1);
    if (hold > 0) score *= HOLD_FACTOR;
    else if (score >= alertAt) hold = Math.min(HOLD_MAX, Math.floor(HOLD_SHARE * state.n));
    const source = lead === 1 ? b.verdict : a.verdict;
    const verdict = lazyVerdict(
      learning ? 'learning' : score >= alertAt ? 'anomaly' : 'ok',
      score,
      a.verdict.expected ?? b.verdict.expected,
      learning ? a.verdict : source,
    );
    if (opts?.exclude || !Number.isFinite(point.value)) return { verdict, state };
    return {
      verdict,
      state: {
        v: 2,
        seasonal: learnSeasonal(state.seasonal, point, a),
        shift: learnLevelShift(state.shift, point, b),
        channels: learnChannels(state.channels, point.time, point.value),
        records: state.records.map((r, k) => recordZ(r, zs[k]!)),
        hold,
        n: state.n + 1,
      },
    };
  },
  applyFeedback(state, point, kind) {
    return {
      ...state,
      seasonal: seasonalDetector.applyFeedback(state.seasonal, point, kind),
      shift: levelShiftDetector.applyFeedback(state.shift, point, kind),
    };
  },
};
