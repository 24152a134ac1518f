/**
 * The robust seasonal baseline as a Detector: the default for volume and column metrics.
 * See seasonal-model.ts for the maths; this file turns a forecast into a verdict, a band and a
 * sentence, and takes feedback in.
 */
import { describeDeviation, seasonLabel } from './reason.js';
import { ALERT_SCORE, directional, type Resolved, resolveOptions, scoreOfZ, zOfScore } from './options.js';
import { emptyRarity, observe, type Rarity, rarityScore, tailOf } from './rarity.js';
import { emptyModel, type Forecast, forecast, learn, type SeasonalModel } from './seasonal-model.js';
import type { Detector, DetectorOptions, Point, Verdict } from './types.js';

export interface SeasonalState {
  v: 1;
  opts: Resolved;
  model: SeasonalModel;
  /** band multiplier raised by "false alarm" feedback; 1 = as learnt */
  tolerance: number;
  /** how often surprises of each size happened on this series */
  rarity: Rarity;
  /** true once a daily or weekly season has been found */
  seasonFound: boolean;
}

export interface Assessment {
  verdict: Verdict;
  forecast: Forecast | null;
  /** robust z of the point against the band, signed, after the direction filter and tolerance */
  z: number;
}

const DEFAULT_MIN_TRAINING = 30;

export function assessSeasonal(s: SeasonalState, p: Point): Assessment {
  const f = forecast(s.model, p.time);
  const zAlert = zOfScore(ALERT_SCORE[s.opts.sensitivity]) * s.tolerance;
  if (!f) return { verdict: learning(s, null), forecast: null, z: 0 };
  const half = zAlert * f.scale;
  const expected = { lower: f.centre - half, upper: f.centre + half };
  if (s.model.n < s.opts.minTrainingPoints) return { verdict: learning(s, expected), forecast: f, z: 0 };
  const z = directional(p.value - f.centre, s.opts.direction) / f.scale / s.tolerance;
  // A point must be both far outside the band and rare for this series to score high.
  const score = Math.min(scoreOfZ(z), rarityScore(s.rarity, tailOf(s.rarity, Math.abs(z))));
  const anomaly = score >= ALERT_SCORE[s.opts.sensitivity];
  const verdict = seasonalVerdict(anomaly, score, expected, s.opts, p, f.season);
  return { verdict, forecast: f, z };
}

/**
 * The reason is built only when read (most verdicts are never shown to anyone), in a scope of its
 * own so that the verdict keeps nothing else alive.
 */
function seasonalVerdict(
  anomaly: boolean,
  score: number,
  expected: { lower: number; upper: number },
  opts: Resolved,
  p: Point,
  season: Forecast['season'],
): Verdict {
  return {
    status: anomaly ? 'anomaly' : 'ok',
    score,
    expected,
    get reason() {
      const when = seasonLabel(season, p.time, opts.timeZone);
      return describeDeviation(opts.metricLabel, p.value, expected.lower, expected.upper, when);
    },
  };
}

function learning(s: SeasonalState, expected: Verdict['expected']): Verdict {
  const left = Math.max(0, s.opts.minTrainingPoints - s.model.n);
  return {
    status: 'learning',
    score: 0,
    expected,
    reason: `learning the baseline: ${left} more point${left === 1 ? '' : 's'} before alerts`,
  };
}

/** `rarity: false` skips the surprise history (the ensemble judges surprise its own way). */
export function learnSeasonal(s: SeasonalState, p: Point, a: Assessment, withRarity = true): SeasonalState {
  if (!withRarity)
    return {
      ...s,
      model: learn(s.model, p.time, p.value),
      seasonFound: s.seasonFound || (a.forecast !== null && a.forecast.season !== 'none'),
    };
  const surprise = a.forecast ? Math.abs(p.value - a.forecast.centre) / a.forecast.scale : null;
  // The misses of the local forecast on a seasonal series, made while the season was still being
  // learnt, say nothing about the seasonal forecast's misses: they are forgotten when it takes over.
  const found = a.forecast !== null && a.forecast.season !== 'none';
  const rarity = found && !s.seasonFound ? emptyRarity() : s.rarity;
  return {
    ...s,
    model: learn(s.model, p.time, p.value),
    rarity: surprise === null ? rarity : observe(rarity, surprise),
    seasonFound: s.seasonFound || found,
  };
}

export function feedbackSeasonal(
  s: SeasonalState,
  p: Point,
  kind: 'expected' | 'false_alarm',
): SeasonalState {
  const f = forecast(s.model, p.time);
  if (kind === 'false_alarm') {
    // Widen the band just enough that a deviation this large would not alert again.
    const zAlert = zOfScore(ALERT_SCORE[s.opts.sensitivity]);
    const z = f ? Math.abs(p.value - f.centre) / f.scale : 0;
    const tolerance = Math.min(4, Math.max(s.tolerance, (z / zAlert) * 1.1));
    return { ...s, tolerance, model: learn(s.model, p.time, p.value) };
  }
  // "Expected": the value is the new normal, so the level and recent window move to it at once.
  const model = learn(s.model, p.time, p.value);
  const shift = f && model.level !== null ? p.value - f.centre : 0;
  return {
    ...s,
    model: {
      ...model,
      level: model.level === null ? p.value : model.level + shift,
      recent: model.recent.map(() => p.value),
      resid: model.resid.slice(0, -1),
    },
  };
}

export const seasonalDetector: Detector<SeasonalState> = {
  name: 'seasonal',
  init(options: DetectorOptions): SeasonalState {
    return {
      v: 1,
      opts: resolveOptions(options, DEFAULT_MIN_TRAINING),
      model: emptyModel(),
      tolerance: 1,
      rarity: emptyRarity(),
      seasonFound: false,
    };
  },
  update(state, point, opts) {
    const a = assessSeasonal(state, point);
    if (opts?.exclude || !Number.isFinite(point.value)) return { verdict: a.verdict, state };
    return { verdict: a.verdict, state: learnSeasonal(state, point, a) };
  },
  applyFeedback: feedbackSeasonal,
};
