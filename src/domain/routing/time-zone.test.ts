import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRouteDuration, parseRouteDuration } from './duration.js';
import { parseInhibitRules } from './inhibition.js';
import { parseRouteTree } from './route-tree.js';
import { fromLocal, isValidTimeZone, toLocal } from './time-zone.js';

describe('fromLocal', () => {
  it.each([
    ['a winter time in Berlin', [2026, 1, 5, 9, 0], 'Europe/Berlin', '2026-01-05T08:00:00.000Z'],
    ['a summer time in Berlin', [2026, 7, 5, 9, 0], 'Europe/Berlin', '2026-07-05T07:00:00.000Z'],
    [
      'a time skipped by spring-forward moves forward',
      [2026, 3, 29, 2, 30],
      'Europe/Berlin',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'an ambiguous fall-back time takes its first occurrence',
      [2026, 10, 25, 2, 30],
      'Europe/Berlin',
      '2026-10-25T00:30:00.000Z',
    ],
    ['a half-hour zone', [2026, 1, 5, 9, 0], 'Asia/Kolkata', '2026-01-05T03:30:00.000Z'],
    ['UTC', [2026, 1, 5, 9, 0], 'UTC', '2026-01-05T09:00:00.000Z'],
  ])('%s', (_what, [y, mo, d, h, mi], zone, expected) => {
    expect(
      fromLocal(y as number, mo as number, d as number, h as number, mi as number, zone).toISOString(),
    ).toBe(expected);
  });

  it('reads back what toLocal gives, to the minute', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'),
        (ms, zone) => {
          const at = new Date(Math.floor(ms / 60_000) * 60_000);
          const l = toLocal(at, zone);
          const back = fromLocal(l.year, l.month, l.day, l.hour, l.minute, zone);
          // Equal, or the earlier of two readings of an ambiguous fall-back time.
          expect(back.getTime() <= at.getTime()).toBe(true);
          expect(toLocal(back, zone)).toEqual(l);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows real zones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    ['500ms', 500],
    ['0', 0],
    ['', undefined],
    ['5 minutes', undefined],
    ['30m1h', undefined],
    ['-5m', undefined],
  ])('%s → %s', (text, ms) => expect(parseRouteDuration(text)).toBe(ms));

  it('formats and reads back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (ms) => {
        expect(parseRouteDuration(formatRouteDuration(ms))).toBe(ms);
      }),
    );
  });
});

describe('config readers never throw', () => {
  it('on anything the YAML parser could hand them', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        parseRouteTree(x);
        parseRouteTree({ receiver: 'a', routes: [x] });
        parseInhibitRules(x);
        parseInhibitRules([x]);
      }),
      { numRuns: 1000 },
    );
  });
});
