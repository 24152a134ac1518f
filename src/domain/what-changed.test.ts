import { describe, expect, it } from 'vitest';
import {
  type ChangeCandidate,
  rankChanges,
  relativeShift,
  scoreChange,
  timeWeight,
} from './what-changed.js';

const start = new Date('2026-01-05T10:00:00Z');
const min = (m: number) => new Date(start.getTime() + m * 60_000);
const c = (o: Partial<ChangeCandidate> & Pick<ChangeCandidate, 'kind'>): ChangeCandidate => ({
  asset: 'raw.orders',
  at: min(-10),
  distance: 1,
  detail: 'something',
  ...o,
});

describe('what changed: ranking', () => {
  it('suspects a change just before the start more than one hours before, and one after hardly at all', () => {
    expect(timeWeight(min(0), { start })).toBe(1);
    expect(timeWeight(min(-60), { start })).toBeCloseTo(0.5);
    expect(timeWeight(min(-10), { start })).toBeGreaterThan(timeWeight(min(-60), { start }));
    expect(timeWeight(min(5), { start })).toBeLessThan(timeWeight(min(-60), { start }));
    expect(timeWeight(min(20), { start })).toBe(0);
  });

  it('ranks new code upstream above a failing check at the same time and distance', () => {
    const ranked = rankChanges(
      [c({ kind: 'failing_check', asset: 'stg.orders' }), c({ kind: 'code_changed', asset: 'jobs.load' })],
      { start },
    );
    expect(ranked.map((r) => r.kind)).toEqual(['code_changed', 'failing_check']);
  });

  it('ranks the nearer asset first when kind and time are equal, and time above distance', () => {
    const near = c({ kind: 'schema_change', asset: 'stg.orders', distance: 1 });
    const far = c({ kind: 'schema_change', asset: 'raw.orders', distance: 3 });
    expect(rankChanges([far, near], { start }).map((r) => r.asset)).toEqual(['stg.orders', 'raw.orders']);
    // Three hops away but five minutes before beats one hop away but six hours before.
    const recentFar = c({ kind: 'pipeline_failed', distance: 3, at: min(-5) });
    const oldNear = c({ kind: 'pipeline_failed', distance: 1, at: min(-360), asset: 'old.job' });
    expect(rankChanges([oldNear, recentFar], { start })[0]?.asset).toBe('raw.orders');
  });

  it("counts the affected asset's own failing check for less than the same check upstream", () => {
    const own = scoreChange(c({ kind: 'failing_check', distance: 0 }), { start });
    const upstream = scoreChange(c({ kind: 'failing_check', distance: 1 }), { start });
    expect(upstream).toBeGreaterThan(own);
  });

  it('weighs a big volume shift above a small one, and drops what came well after the start', () => {
    const ranked = rankChanges(
      [
        c({ kind: 'volume_shift', asset: 'small', magnitude: 0.2 }),
        c({ kind: 'volume_shift', asset: 'big', magnitude: 0.9 }),
        c({ kind: 'code_changed', asset: 'late', at: min(30) }),
      ],
      { start },
    );
    expect(ranked.map((r) => r.asset)).toEqual(['big', 'small']);
  });

  it('gives each item a reason naming kind, asset, time and distance', () => {
    const [top] = rankChanges(
      [c({ kind: 'schema_change', asset: 'raw.orders', distance: 2, at: min(-12), detail: 'removed amount' })],
      { start },
    );
    expect(top?.reason).toBe(
      'schema changed on raw.orders 12 min before the start, 2 hops upstream: removed amount',
    );
    expect(top?.score).toBeGreaterThan(0);
  });

  it('measures relative shifts in [0, 1]', () => {
    expect(relativeShift(100, 100)).toBe(0);
    expect(relativeShift(100, 50)).toBe(0.5);
    expect(relativeShift(100, 0)).toBe(1);
    expect(relativeShift(0, 0)).toBe(0);
  });
});
