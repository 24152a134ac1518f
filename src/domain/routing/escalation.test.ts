import { describe, expect, it } from 'vitest';
import { checkEscalationPolicy, type EscalationPolicy, escalationStep } from './escalation.js';

const policy: EscalationPolicy = {
  levels: [
    { targets: ['schedule:data-primary'], delayMinutes: 15 },
    { targets: ['schedule:data-secondary'], delayMinutes: 30 },
    { targets: ['user:head-of-data'], delayMinutes: 15 },
  ],
  repeat: 1,
};
const fired = new Date('2026-01-05T10:00:00Z');
const min = (m: number) => new Date(fired.getTime() + m * 60_000);

describe('escalationStep', () => {
  it.each([
    // minutes after firing, acknowledged at (minutes), current step, level, next step at (minutes)
    [-1, null, null, null, 0],
    [0, null, 0, 0, 15],
    [14, null, 0, 0, 15],
    [15, null, 1, 1, 45],
    [45, null, 2, 2, 60],
    [60, null, 3, 0, 75], // the second pass starts with the first level again
    [119, null, 5, 2, null], // last step of the last pass: nothing next
    [500, null, 5, 2, null],
    [50, 20, 1, 1, null], // acknowledged at 20: escalation stopped at level 1
    [10, 20, 0, 0, 15], // an acknowledgement in the future does not count yet
  ])('at +%im (ack %s): step %s level %s, next at +%sm', (at, ackAt, step, level, nextAt) => {
    const r = escalationStep(policy, fired, ackAt === null ? null : min(ackAt), min(at));
    expect(r.current?.step ?? null).toBe(step);
    expect(r.current?.level ?? null).toBe(level);
    expect(r.next?.at ?? null).toEqual(nextAt === null ? null : min(nextAt));
  });

  it('names the targets and says when it is over', () => {
    const r = escalationStep(policy, fired, null, min(200));
    expect(r.current).toMatchObject({ pass: 1, level: 2, targets: ['user:head-of-data'], at: min(105) });
    expect(r.exhausted).toBe(true);
    const acked = escalationStep(policy, fired, min(3), min(200));
    expect(acked).toMatchObject({ acknowledged: true, exhausted: false, next: null });
  });

  it('validates the policy', () => {
    expect(
      checkEscalationPolicy({ levels: [{ targets: [], delayMinutes: 0 }], repeat: -1 }).map((e) => e.path),
    ).toEqual(['levels[0].targets', 'levels[0].delayMinutes', 'repeat']);
    expect(checkEscalationPolicy(policy)).toEqual([]);
    expect(() => escalationStep({ levels: [], repeat: 0 }, fired, null, fired)).toThrow(RangeError);
  });
});
