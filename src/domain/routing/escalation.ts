/**
 * Escalation policies, as in PagerDuty: levels notified in turn until someone acknowledges.
 * Each level has `delayMinutes` to acknowledge before the next level is notified; after the
 * last level the policy starts again from the first, `repeat` more times.
 */
import type { ErrorDetail } from '../errors.js';

export interface EscalationLevel {
  /** Who to notify: people, schedules or channels, resolved by the caller. */
  targets: string[];
  /** Minutes this level has to acknowledge before the next level is notified. */
  delayMinutes: number;
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  /** How many times to run through the levels again after the first pass (0 = once). */
  repeat: number;
}

export interface EscalationPoint {
  /** 0, 1, 2 … over all passes: the caller stores the last step it sent. */
  step: number;
  level: number;
  /** 0 for the first pass through the levels. */
  pass: number;
  targets: string[];
  at: Date;
}

export interface EscalationStep {
  /** The latest step reached by now (and before any acknowledgement); null before the alert fired. */
  current: EscalationPoint | null;
  /** The step after it, or null when acknowledged or when every pass is done. */
  next: EscalationPoint | null;
  acknowledged: boolean;
  /** Every step has been notified and nobody acknowledged. */
  exhausted: boolean;
}

export const MAX_ESCALATION_REPEAT = 20;

export function checkEscalationPolicy(p: EscalationPolicy): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (!Array.isArray(p.levels) || p.levels.length === 0) {
    errors.push({ path: 'levels', message: 'a policy needs at least one level' });
  } else {
    p.levels.forEach((l, i) => {
      if (!Array.isArray(l.targets) || l.targets.length === 0) {
        errors.push({ path: `levels[${i}].targets`, message: 'name at least one target' });
      }
      if (!Number.isInteger(l.delayMinutes) || l.delayMinutes < 1) {
        errors.push({
          path: `levels[${i}].delayMinutes`,
          message: 'must be a whole number of minutes, at least 1',
        });
      }
    });
  }
  if (!Number.isInteger(p.repeat) || p.repeat < 0 || p.repeat > MAX_ESCALATION_REPEAT) {
    errors.push({ path: 'repeat', message: `must be a whole number from 0 to ${MAX_ESCALATION_REPEAT}` });
  }
  return errors;
}

/**
 * Which level is due for an alert that fired at `alertFiredAt`, and when the next one is.
 * Throws RangeError on an invalid policy (validate with checkEscalationPolicy first).
 */
export function escalationStep(
  policy: EscalationPolicy,
  alertFiredAt: Date,
  acknowledgedAt: Date | null,
  now: Date,
): EscalationStep {
  const problems = checkEscalationPolicy(policy);
  if (problems.length > 0)
    throw new RangeError(`invalid escalation policy: ${problems[0]?.path} ${problems[0]?.message}`);
  const levels = policy.levels;
  const offsets: number[] = [];
  let passMs = 0;
  for (const l of levels) {
    offsets.push(passMs);
    passMs += l.delayMinutes * 60_000;
  }
  const totalSteps = levels.length * (policy.repeat + 1);
  const point = (step: number): EscalationPoint => {
    const pass = Math.floor(step / levels.length);
    const level = step % levels.length;
    const at = alertFiredAt.getTime() + pass * passMs + (offsets[level] as number);
    return { step, level, pass, targets: [...(levels[level] as EscalationLevel).targets], at: new Date(at) };
  };
  const ack = acknowledgedAt && acknowledgedAt.getTime() <= now.getTime() ? acknowledgedAt.getTime() : null;
  // Steps happen up to now, and never after an acknowledgement.
  const horizon = ack ?? now.getTime();
  const elapsed = horizon - alertFiredAt.getTime();
  let reached = -1;
  if (elapsed >= 0) {
    const pass = Math.floor(elapsed / passMs);
    const inPass = elapsed - pass * passMs;
    let level = 0;
    while (level + 1 < levels.length && (offsets[level + 1] as number) <= inPass) level++;
    reached = Math.min(pass * levels.length + level, totalSteps - 1);
  }
  const current = reached >= 0 ? point(reached) : null;
  const next = ack === null && reached + 1 < totalSteps ? point(reached + 1) : null;
  return { current, next, acknowledged: ack !== null, exhausted: ack === null && next === null };
}
