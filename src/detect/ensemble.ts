/**
 * Ensemble: the seasonal baseline and the level-shift detector side by side on one series. The
 * score is the larger of the two (each is already calibrated against this series' own history),
 * the band is the seasonal one (it knows the time of day), and the reason comes from whichever
 * detector scored higher.
 */
import { type LevelShiftState, levelShiftDetector } from './level-shift.js';
import { type SeasonalState, seasonalDetector } from './seasonal.js';
import type { Detector, DetectorOptions } from './types.js';

export interface EnsembleState {
  v: 1;
  seasonal: SeasonalState;
  shift: LevelShiftState;
}

export const ensembleDetector: Detector<EnsembleState> = {
  name: 'ensemble',
  init(options: DetectorOptions): EnsembleState {
    return { v: 1, seasonal: seasonalDetector.init(options), shift: levelShiftDetector.init(options) };
  },
  update(state, point, opts) {
    const a = seasonalDetector.update(state.seasonal, point, opts);
    const b = levelShiftDetector.update(state.shift, point, opts);
    const lead = b.verdict.score > a.verdict.score ? b.verdict : a.verdict;
    const status =
      a.verdict.status === 'learning' ? 'learning' : lead.status === 'anomaly' ? 'anomaly' : 'ok';
    const verdict = {
      status,
      score: status === 'learning' ? 0 : lead.score,
      expected: a.verdict.expected ?? b.verdict.expected,
      reason: status === 'learning' ? a.verdict.reason : lead.reason,
    } as const;
    return { verdict, state: { v: 1, seasonal: a.state, shift: b.state } };
  },
  applyFeedback(state, point, kind) {
    return {
      v: 1,
      seasonal: seasonalDetector.applyFeedback(state.seasonal, point, kind),
      shift: levelShiftDetector.applyFeedback(state.shift, point, kind),
    };
  },
};
