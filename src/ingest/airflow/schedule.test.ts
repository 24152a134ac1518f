import { describe, expect, it } from 'vitest';
import { checkRunDeadline, runsByHourAndWeekday } from './schedule.js';
import type { AirflowDagRun } from './types.js';

const run = (over: Partial<AirflowDagRun>): AirflowDagRun => ({
  dagId: 'd',
  runId: 'r',
  airflowState: 'success',
  status: 'completed',
  logicalDate: '2026-01-05T00:00:00Z',
  dataIntervalStart: '2026-01-05T00:00:00Z',
  dataIntervalEnd: '2026-01-06T00:00:00Z',
  startDate: '2026-01-06T00:05:00Z',
  endDate: '2026-01-06T00:40:00Z',
  durationSeconds: 2100,
  ...over,
});
const H = 3_600_000;

describe('runsByHourAndWeekday', () => {
  it('counts runs and failures by weekday (Monday first) and hour, in a time zone', () => {
    const runs = [
      run({ logicalDate: '2026-01-05T06:00:00Z' }), // Monday
      run({ logicalDate: '2026-01-12T06:30:00Z', status: 'failed' }), // Monday
      run({ logicalDate: '2026-01-11T23:30:00Z' }), // Sunday in UTC, Monday 00:30 in Paris
      run({ logicalDate: null, startDate: null }),
    ];
    const utc = runsByHourAndWeekday(runs);
    expect(utc.counts[0]![6]).toBe(2);
    expect(utc.failures[0]![6]).toBe(1);
    expect(utc.counts[6]![23]).toBe(1);
    const paris = runsByHourAndWeekday(runs, 'Europe/Paris');
    expect(paris.counts[0]![7]).toBe(2);
    expect(paris.counts[0]![0]).toBe(1);
    expect(paris.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('checkRunDeadline', () => {
  const allowanceMs = 26 * H; // a daily run due by 02:00 the day after its interval ends

  it('is on time when it finished before logical date + allowance', () => {
    expect(checkRunDeadline(run({}), { now: '2026-01-07T00:00:00Z', allowanceMs })).toEqual({
      status: 'on_time',
      deadline: '2026-01-06T02:00:00.000Z',
      finishedAt: '2026-01-06T00:40:00Z',
      marginMs: 80 * 60_000,
    });
  });

  it('is late when it finished after, or is still running past the deadline', () => {
    expect(
      checkRunDeadline(run({ endDate: '2026-01-06T03:00:00Z' }), {
        now: '2026-01-07T00:00:00Z',
        allowanceMs,
      }),
    ).toMatchObject({
      status: 'late',
      lateByMs: H,
    });
    const going = run({ status: 'running', airflowState: 'running', endDate: null });
    expect(checkRunDeadline(going, { now: '2026-01-06T02:30:00Z', allowanceMs })).toMatchObject({
      status: 'late',
      finishedAt: null,
      lateByMs: H / 2,
    });
    expect(checkRunDeadline(going, { now: '2026-01-06T01:30:00Z', allowanceMs })).toMatchObject({
      status: 'pending',
      remainingMs: H / 2,
    });
  });

  it('cannot judge a run without a logical date', () => {
    expect(
      checkRunDeadline(run({ logicalDate: null }), { now: '2026-01-06T00:00:00Z', allowanceMs }),
    ).toMatchObject({ status: 'unknown' });
  });
});
