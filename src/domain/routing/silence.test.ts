import { describe, expect, it } from 'vitest';
import {
  checkSilence,
  closeBackfillWindows,
  isSilenced,
  maintenanceWindow,
  nextSilenceChange,
  type Silence,
  silenceState,
  silenceSuppression,
} from './silence.js';

const d = (iso: string) => new Date(iso);

const deploy: Silence = {
  id: 's1',
  kind: 'silence',
  matchers: [
    { name: 'team', type: '=', value: 'data' },
    { name: 'asset', type: '=~', value: 'sales\\..*' },
  ],
  startsAt: d('2026-01-05T10:00:00Z'),
  endsAt: d('2026-01-05T12:00:00Z'),
  createdBy: 'ana',
  comment: 'deploying the sales models',
};

// Weeknights 22:00-06:00 Berlin time, through January.
const nightly: Silence = {
  ...deploy,
  id: 's2',
  matchers: [{ name: 'severity', type: '=', value: 'ticket' }],
  startsAt: d('2026-01-01T00:00:00Z'),
  endsAt: d('2026-02-01T00:00:00Z'),
  comment: 'no tickets at night',
  recurrence: { cron: '0 22 * * 1-5', duration: '8h', timeZone: 'Europe/Berlin' },
};

const labels = { team: 'data', asset: 'sales.orders', severity: 'ticket' };

describe('isSilenced', () => {
  it.each([
    ['before the start', deploy, '2026-01-05T09:59:59Z', false],
    ['at the start', deploy, '2026-01-05T10:00:00Z', true],
    ['at the end (exclusive)', deploy, '2026-01-05T12:00:00Z', false],
    ['a recurring silence at 23:00 Berlin on a Monday', nightly, '2026-01-05T22:00:00Z', true],
    ['…and at 05:59 Berlin the next morning', nightly, '2026-01-06T04:59:00Z', true],
    ['…but not at 06:00 Berlin', nightly, '2026-01-06T05:00:00Z', false],
    ['…nor on Saturday night', nightly, '2026-01-10T22:00:00Z', false],
    ['…nor after the series ends', nightly, '2026-02-02T22:00:00Z', false],
  ])('%s → %s', (_what, silence, now, expected) => {
    expect(isSilenced(labels, [silence], d(now)).map((s) => s.id)).toEqual(expected ? [silence.id] : []);
  });

  it('needs every matcher to match', () => {
    expect(isSilenced({ ...labels, asset: 'hr.people' }, [deploy], d('2026-01-05T11:00:00Z'))).toEqual([]);
    expect(isSilenced(labels, [deploy, nightly], d('2026-01-05T11:00:00Z')).map((s) => s.id)).toEqual(['s1']);
  });
});

describe('silence lifecycle', () => {
  it.each([
    [deploy, '2026-01-05T09:00:00Z', 'pending', '2026-01-05T10:00:00.000Z'],
    [deploy, '2026-01-05T11:00:00Z', 'active', '2026-01-05T12:00:00.000Z'],
    [deploy, '2026-01-05T12:00:00Z', 'expired', null],
    [nightly, '2026-01-05T12:00:00Z', 'pending', '2026-01-05T21:00:00.000Z'],
    [nightly, '2026-01-05T23:00:00Z', 'active', '2026-01-06T05:00:00.000Z'],
    [nightly, '2026-01-09T23:00:00Z', 'active', '2026-01-10T05:00:00.000Z'],
    [nightly, '2026-01-10T12:00:00Z', 'pending', '2026-01-12T21:00:00.000Z'],
    [nightly, '2026-01-31T12:00:00Z', 'pending', null],
  ])('%#: at %s it is %s, changing at %s', (silence, now, state, change) => {
    expect(silenceState(silence, d(now))).toBe(state);
    expect(nextSilenceChange(silence, d(now))?.toISOString() ?? null).toBe(change);
  });

  it('follows occurrences that overlap to their real end', () => {
    const hourlyForTwo: Silence = {
      ...nightly,
      recurrence: { cron: '0 * * * *', duration: '2h', timeZone: 'UTC' },
      endsAt: d('2026-01-01T05:30:00Z'),
    };
    expect(nextSilenceChange(hourlyForTwo, d('2026-01-01T01:10:00Z'))?.toISOString()).toBe(
      '2026-01-01T05:30:00.000Z',
    );
  });

  it('gives the planner a reason and the time the last silence lifts', () => {
    const both = isSilenced(
      labels,
      [deploy, { ...nightly, startsAt: deploy.startsAt }],
      d('2026-01-05T11:00:00Z'),
    );
    expect(silenceSuppression([deploy], d('2026-01-05T11:00:00Z'))).toEqual({
      reason: 'silenced by ana: deploying the sales models',
      until: d('2026-01-05T12:00:00Z'),
    });
    expect(both).toHaveLength(1);
    expect(silenceSuppression([], d('2026-01-05T11:00:00Z'))).toBeNull();
  });
});

describe('checkSilence', () => {
  it('reports each problem with its field', () => {
    expect(
      checkSilence({
        ...deploy,
        matchers: [{ name: 'team', type: '=~', value: '.*' }],
        endsAt: deploy.startsAt,
        comment: '',
        recurrence: { cron: '61 * * * *', duration: 'soon', timeZone: 'Moon/Base' },
      }).map((e) => e.path),
    ).toEqual([
      'matchers',
      'endsAt',
      'comment',
      'recurrence.timeZone',
      'recurrence.duration',
      'recurrence.cron',
    ]);
    expect(checkSilence({ ...deploy, matchers: [] })).toEqual([
      { path: 'matchers', message: 'a silence needs at least one matcher' },
    ]);
    expect(checkSilence({ ...deploy, matchers: [{ name: 'a', type: '=~', value: '(a*)*' }] })[0]?.path).toBe(
      'matchers[0]',
    );
    expect(checkSilence(deploy)).toEqual([]);
    expect(checkSilence(nightly)).toEqual([]);
  });
});

describe('maintenance windows', () => {
  const window = maintenanceWindow({
    id: 'm1',
    scope: { source: 'warehouse' },
    startsAt: d('2026-01-05T10:00:00Z'),
    endsAt: d('2026-01-06T10:00:00Z'),
    createdBy: 'ana',
    comment: 'backfilling 2025',
    backfillId: 'bf-7',
  });

  it('silences one source and says so', () => {
    const now = d('2026-01-05T11:00:00Z');
    expect(isSilenced({ source: 'warehouse', asset: 'x' }, [window], now)).toEqual([window]);
    expect(isSilenced({ source: 'lake' }, [window], now)).toEqual([]);
    expect(silenceSuppression([window], now)?.reason).toBe(
      'in a maintenance window by ana: backfilling 2025',
    );
    expect(checkSilence(window)).toEqual([]);
  });

  it('closes when its backfill ends, never later than planned', () => {
    const ended = d('2026-01-05T13:00:00Z');
    const [closed] = closeBackfillWindows([window, deploy], 'bf-7', ended);
    expect(closed?.endsAt).toEqual(ended);
    expect(isSilenced({ source: 'warehouse' }, [closed as Silence], d('2026-01-05T13:00:01Z'))).toEqual([]);
    expect(closeBackfillWindows([window], 'bf-8', ended)).toEqual([]);
    expect(closeBackfillWindows([window], 'bf-7', d('2026-01-07T00:00:00Z'))).toEqual([]);
  });
});
