import { describe, expect, it } from 'vitest';
import { checkOnCallSchedule, type OnCallSchedule, whoIsOnCall } from './on-call.js';

const schedule: OnCallSchedule = {
  timeZone: 'Europe/Berlin',
  rotations: [
    {
      name: 'primary',
      participants: ['ana', 'bo', 'cy'],
      start: '2026-01-05',
      handoffTime: '09:00',
      length: '1w',
    },
    {
      name: 'follow-the-sun',
      participants: ['eu', 'us'],
      start: '2026-01-05',
      handoffTime: '08:00',
      length: '12h',
    },
  ],
  overrides: [
    {
      person: 'dee',
      startsAt: new Date('2026-01-14T12:00:00Z'),
      endsAt: new Date('2026-01-14T18:00:00Z'),
      rotation: 'primary',
    },
  ],
};

const primary = (iso: string) =>
  whoIsOnCall(schedule, new Date(iso)).shifts.find((s) => s.rotation === 'primary');

describe('whoIsOnCall', () => {
  it.each([
    ['before the rotation starts', '2026-01-05T07:59:00Z', null],
    ['at the first hand-off (09:00 Berlin)', '2026-01-05T08:00:00Z', 'ana'],
    ['the next Monday 08:59 Berlin: still the first shift', '2026-01-12T07:59:00Z', 'ana'],
    ['the next Monday 09:00 Berlin', '2026-01-12T08:00:00Z', 'bo'],
    ['during an override', '2026-01-14T13:00:00Z', 'dee'],
    ['after the override', '2026-01-14T18:00:00Z', 'bo'],
    ['wraps around the participants', '2026-01-26T08:00:00Z', 'ana'],
    ['hand-off after spring-forward is still 09:00 local (07:00 UTC)', '2026-03-30T07:00:00Z', 'ana'],
    ['…and not an hour earlier', '2026-03-30T06:59:00Z', 'cy'],
  ])('%s → %s', (_what, at, person) => {
    expect(primary(at)?.person ?? null).toBe(person);
  });

  it('gives each shift its bounds and lists everyone on call', () => {
    const r = whoIsOnCall(schedule, new Date('2026-01-06T20:00:00Z')); // Tuesday 21:00 Berlin
    expect(r.people).toEqual(['ana', 'us']);
    expect(r.shifts[0]).toEqual({
      rotation: 'primary',
      person: 'ana',
      from: new Date('2026-01-05T08:00:00Z'),
      until: new Date('2026-01-12T08:00:00Z'),
      override: false,
    });
    expect(r.shifts[1]).toMatchObject({ person: 'us', from: new Date('2026-01-06T19:00:00Z') });
  });

  it('an override without a rotation replaces everyone', () => {
    const all = {
      ...schedule,
      overrides: [{ person: 'zed', startsAt: new Date(0), endsAt: new Date('2030-01-01T00:00:00Z') }],
    };
    expect(whoIsOnCall(all, new Date('2026-02-01T00:00:00Z')).people).toEqual(['zed']);
  });

  it('validates the schedule', () => {
    const bad: OnCallSchedule = {
      timeZone: 'Nowhere',
      rotations: [{ name: 'p', participants: [], start: '2026-02-30', handoffTime: '9', length: '5h' }],
      overrides: [{ person: 'x', startsAt: new Date(1), endsAt: new Date(0), rotation: 'q' }],
    };
    expect(checkOnCallSchedule(bad).map((e) => e.path)).toEqual([
      'timeZone',
      'rotations[0].participants',
      'rotations[0].start',
      'rotations[0].handoffTime',
      'rotations[0].length',
      'overrides[0].endsAt',
      'overrides[0].rotation',
    ]);
    expect(checkOnCallSchedule(schedule)).toEqual([]);
    expect(() => whoIsOnCall(bad, new Date())).toThrow(RangeError);
  });
});
