import { describe, expect, it } from 'vitest';
import { SEVERITY_POLICIES, severityOf } from './alert.js';
import {
  checkWorkingHours,
  isWithinWorkingHours,
  nextDeliveryTime,
  type WorkingHours,
} from './working-hours.js';

const berlin: WorkingHours = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:30',
  timeZone: 'Europe/Berlin',
};

describe('nextDeliveryTime', () => {
  it.each([
    ['inside hours: now', '2026-01-06T10:00:00Z', '2026-01-06T10:00:00.000Z'],
    ['before the start on a weekday', '2026-01-06T06:00:00Z', '2026-01-06T08:00:00.000Z'],
    ['exactly at the start', '2026-01-06T08:00:00Z', '2026-01-06T08:00:00.000Z'],
    ['exactly at the end: next morning', '2026-01-06T16:30:00Z', '2026-01-07T08:00:00.000Z'],
    ['Friday evening: Monday morning', '2026-01-09T18:00:00Z', '2026-01-12T08:00:00.000Z'],
    ['Saturday: Monday morning', '2026-01-10T12:00:00Z', '2026-01-12T08:00:00.000Z'],
    ['across spring-forward: 09:00 is now UTC+2', '2026-03-28T12:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['across fall-back: 09:00 is UTC+1 again', '2026-10-24T12:00:00Z', '2026-10-26T08:00:00.000Z'],
  ])('%s', (_what, now, expected) => {
    expect(nextDeliveryTime(new Date(now), berlin).toISOString()).toBe(expected);
  });

  it('handles hours that run past midnight', () => {
    const nights: WorkingHours = { days: ['mon'], start: '22:00', end: '06:00', timeZone: 'UTC' };
    expect(isWithinWorkingHours(new Date('2026-01-06T03:00:00Z'), nights)).toBe(true); // Tuesday 03:00
    expect(isWithinWorkingHours(new Date('2026-01-06T07:00:00Z'), nights)).toBe(false);
    expect(nextDeliveryTime(new Date('2026-01-06T07:00:00Z'), nights).toISOString()).toBe(
      '2026-01-12T22:00:00.000Z',
    );
  });

  it('reads 24:00 as the end of the day', () => {
    const allDay: WorkingHours = {
      days: ['sat'],
      start: '00:00',
      end: '24:00',
      timeZone: 'America/New_York',
    };
    expect(isWithinWorkingHours(new Date('2026-01-11T04:59:00Z'), allDay)).toBe(true);
    expect(isWithinWorkingHours(new Date('2026-01-11T05:00:00Z'), allDay)).toBe(false);
  });

  it('refuses an invalid definition loudly', () => {
    expect(() => nextDeliveryTime(new Date(), { ...berlin, days: [] })).toThrow(/days name at least one day/);
  });
});

describe('checkWorkingHours', () => {
  it('lists each problem with its field', () => {
    expect(
      checkWorkingHours({
        days: ['mon', 'funday' as 'mon'],
        start: '9am',
        end: '09:00',
        timeZone: 'Mars/Olympus',
      }),
    ).toEqual([
      { path: 'days[1]', message: '"funday" is not one of sun, mon, tue, wed, thu, fri, sat' },
      { path: 'start', message: 'must be a time like 09:00' },
      { path: 'timeZone', message: 'unknown time zone Mars/Olympus' },
    ]);
    expect(checkWorkingHours({ ...berlin, end: '09:00' })).toEqual([
      { path: 'end', message: 'must differ from start' },
    ]);
    expect(checkWorkingHours(berlin)).toEqual([]);
  });
});

describe('severity', () => {
  it.each([
    [{ severity: 'page' }, 'page'],
    [{ severity: 'log' }, 'log'],
    [{ severity: 'critical' }, 'ticket'],
    [{}, 'ticket'],
  ])('%j → %s', (labels, expected) => expect(severityOf(labels)).toBe(expected));
  it('page repeats until acknowledged, ticket waits for working hours, log never notifies', () => {
    expect(SEVERITY_POLICIES).toEqual({
      page: { delivery: 'now', repeat: 'until-acknowledged' },
      ticket: { delivery: 'working-hours', repeat: 'never' },
      log: { delivery: 'never', repeat: 'never' },
    });
  });
});
