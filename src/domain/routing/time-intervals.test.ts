import { describe, expect, it } from 'vitest';
import {
  checkTimeIntervals,
  isInTimeInterval,
  routeTimeSuppression,
  type TimeInterval,
} from './time-intervals.js';

const intervals: TimeInterval[] = [
  {
    name: 'nights',
    windows: [
      {
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: '22:00',
        end: '07:00',
        timeZone: 'UTC',
      },
    ],
  },
  {
    name: 'business-hours',
    windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', timeZone: 'UTC' }],
  },
];
const d = (iso: string) => new Date(iso);

describe('routeTimeSuppression', () => {
  it.each([
    [
      'muted at night',
      ['nights'],
      [],
      '2026-01-06T23:00:00Z',
      'muted during nights',
      '2026-01-07T07:00:00.000Z',
    ],
    ['not muted by day', ['nights'], [], '2026-01-06T12:00:00Z', null, null],
    ['active in business hours', [], ['business-hours'], '2026-01-06T12:00:00Z', null, null],
    [
      'held outside business hours until they start',
      [],
      ['business-hours'],
      '2026-01-10T12:00:00Z',
      'outside active time intervals business-hours',
      '2026-01-12T09:00:00.000Z',
    ],
    ['unknown names never apply', ['ghost'], [], '2026-01-06T23:00:00Z', null, null],
  ])('%s', (_what, mute, active, at, reason, until) => {
    const s = routeTimeSuppression(
      { muteTimeIntervals: mute, activeTimeIntervals: active },
      intervals,
      d(at),
    );
    expect(s?.reason ?? null).toBe(reason);
    expect(s?.until?.toISOString() ?? null).toBe(until);
  });

  it('tells whether an instant is inside an interval', () => {
    expect(isInTimeInterval(intervals[0] as TimeInterval, d('2026-01-06T06:59:00Z'))).toBe(true);
    expect(isInTimeInterval(intervals[0] as TimeInterval, d('2026-01-06T07:00:00Z'))).toBe(false);
  });

  it('validates intervals with paths', () => {
    expect(
      checkTimeIntervals([
        { name: 'x', windows: [] },
        { name: 'x', windows: [{ days: ['mon'], start: '25:00', end: '07:00', timeZone: 'UTC' }] },
      ]).map((e) => e.path),
    ).toEqual(['[0].windows', '[1].name', '[1].windows[0].start']);
    expect(checkTimeIntervals(intervals)).toEqual([]);
  });
});
