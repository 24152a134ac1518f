/** Resolved options and the one mapping from robust z-scores to scores, thresholds and bands. */
import type { DetectorOptions, Direction, Sensitivity } from './types.js';

export interface Resolved {
  sensitivity: Sensitivity;
  direction: Direction;
  minTrainingPoints: number;
  metricLabel: string;
  timeZone: string;
}

export function resolveOptions(o: DetectorOptions, defaultMinTraining: number): Resolved {
  return {
    sensitivity: o.sensitivity ?? 'medium',
    direction: o.direction ?? 'both',
    minTrainingPoints: Math.max(1, Math.floor(o.minTrainingPoints ?? defaultMinTraining)),
    metricLabel: o.metricLabel ?? 'value',
    timeZone: o.timeZone ?? 'UTC',
  };
}

/**
 * Score at which each sensitivity alerts. The score is the same whatever the sensitivity, so a
 * chart can show one score line and move only the alert line.
 */
export const ALERT_SCORE: Record<Sensitivity, number> = { low: 0.93, medium: 0.87, high: 0.75 };

/** Robust z at which the score is one half. */
const Z_HALF = 2;

/** Maps a robust z-score (|residual| / robust sigma) into [0,1): 0 at z=0, 0.5 at Z_HALF. */
export function scoreOfZ(z: number): number {
  const a = Math.abs(z);
  if (!Number.isFinite(a)) return 1;
  return (a * a) / (a * a + Z_HALF * Z_HALF);
}

/** Inverse of scoreOfZ: the z at which a score is reached (the half-width of the band). */
export function zOfScore(score: number): number {
  return Z_HALF * Math.sqrt(score / (1 - score));
}

/** Zeroes the side the user asked us to ignore. */
export function directional(residual: number, direction: Direction): number {
  if (direction === 'up') return Math.max(0, residual);
  if (direction === 'down') return Math.min(0, residual);
  return residual;
}
