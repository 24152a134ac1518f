import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutableAlert } from './alert.js';
import { type GroupPlan, type GroupState, planGroupNotifications, type PlanOptions } from './group-plan.js';
import { testAlert } from './test-alerts.js';

const T0 = Date.parse('2026-01-06T10:00:00Z'); // a Tuesday
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const route = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000 };
const opts: PlanOptions = { route };
const fps = (alerts: RoutableAlert[] | undefined) => (alerts ?? []).map((a) => a.fingerprint);

/** Plans at `seconds` from the given state; returns the plan. */
const plan = (state: GroupState | null, alerts: RoutableAlert[], seconds: number, o: PlanOptions = opts) =>
  planGroupNotifications(state, alerts, at(seconds), o);

describe('planGroupNotifications', () => {
  it('waits group_wait for a new group, then sends every alert that arrived meanwhile', () => {
    const first = plan(null, [testAlert('a')], 0);
    expect(first.notification).toBeNull();
    expect(first.nextCheckAt).toEqual(at(30));
    const later = plan(first.state, [testAlert('a'), testAlert('b')], 30);
    expect(later.notification).toMatchObject({ reason: 'group_wait', newlyFiring: ['a', 'b'] });
    expect(later.state.notifiedFiring).toEqual(['a', 'b']);
    expect(later.nextCheckAt).toEqual(at(30 + 3600)); // pages repeat
  });

  it('sends a change after group_interval, showing old and new firing alerts', () => {
    const sent = plan(null, [testAlert('a')], 30, opts);
    const s1 = plan({ ...sent.state, createdAt: at(0) }, [testAlert('a')], 30).state;
    const early = plan(s1, [testAlert('a'), testAlert('b')], 100);
    expect(early.notification).toBeNull();
    expect(early.nextCheckAt).toEqual(at(330));
    const due = plan(s1, [testAlert('a'), testAlert('b')], 330);
    expect(due.notification).toMatchObject({ reason: 'group_interval', newlyFiring: ['b'] });
    expect(fps(due.notification?.firing)).toEqual(['a', 'b']);
  });

  const notifiedA: GroupState = { createdAt: at(0), lastNotifiedAt: at(30), notifiedFiring: ['a'] };

  it.each([
    ['an unacknowledged page repeats after repeat_interval', testAlert('a'), 3630, 'repeat_interval'],
    ['an unacknowledged page does not repeat before it', testAlert('a'), 3629, null],
    ['an acknowledged page never repeats', testAlert('a', { acknowledgedAt: at(60) }), 99_999, null],
    ['a ticket notifies once', testAlert('a', { labels: { severity: 'ticket' } }), 99_999, null],
  ])('%s', (_what, alert, seconds, reason) => {
    expect(plan(notifiedA, [alert], seconds).notification?.reason ?? null).toBe(reason);
  });

  it('never notifies log alerts, and says why', () => {
    const p = plan(null, [testAlert('a', { labels: { severity: 'log' } })], 99);
    expect(p.notification).toBeNull();
    expect(p.held).toEqual([
      { fingerprint: 'a', reason: 'severity log: recorded, never notified', until: null },
    ]);
    expect(p.finished).toBe(true);
  });

  it('holds tickets outside working hours until the next start', () => {
    const workingHours = {
      days: ['mon' as const, 'tue' as const],
      start: '09:00',
      end: '17:00',
      timeZone: 'UTC',
    };
    const ticket = testAlert('t', { labels: { severity: 'ticket' } });
    const night = plan(null, [ticket], 12 * 3600, { route, workingHours }); // 22:00 Tuesday
    expect(night.notification).toBeNull();
    expect(night.held[0]).toMatchObject({ reason: 'ticket outside working hours' });
    expect(night.nextCheckAt?.toISOString()).toBe('2026-01-12T09:00:00.000Z');
    const morning = planGroupNotifications(night.state, [ticket], night.nextCheckAt as Date, {
      route,
      workingHours,
    });
    expect(morning.notification?.newlyFiring).toEqual(['t']);
  });

  it('holds a silenced firing back but still sends its resolution', () => {
    const silenced = { a: { reason: 'silenced by ops (deploy)', until: at(7200) } };
    const firing = plan(notifiedA, [testAlert('a')], 3630, { route, suppressed: silenced });
    expect(firing.notification).toBeNull(); // no repeat while silenced
    expect(firing.nextCheckAt).toEqual(at(7200));
    const resolved = testAlert('a', { status: 'resolved', endsAt: at(4000) });
    const p = plan(notifiedA, [resolved], 4000, { route, suppressed: silenced });
    expect(p.notification).toMatchObject({ reason: 'group_interval', firing: [], newlyFiring: [] });
    expect(fps(p.notification?.resolved)).toEqual(['a']);
    expect(p.state.notifiedFiring).toEqual([]);
    expect(p.finished).toBe(true);
  });

  it('sends nothing for an alert that resolved before it was ever notified', () => {
    const p = plan(null, [testAlert('a', { status: 'resolved' })], 60);
    expect(p.notification).toBeNull();
    expect(p.finished).toBe(true);
  });

  it('reads an end time in the past as resolved', () => {
    const p = plan(notifiedA, [testAlert('a', { endsAt: at(400) })], 400);
    expect(fps(p.notification?.resolved)).toEqual(['a']);
  });

  it('sends one message per interval for 10,000 events on one group', () => {
    let state: GroupState | null = null;
    let next: Date | null = null;
    const alerts = new Map<string, RoutableAlert>();
    const sent: GroupPlan[] = [];
    const step = (p: GroupPlan) => {
      state = p.state;
      next = p.nextCheckAt;
      if (p.notification) sent.push(p);
    };
    // 10,000 events over 600 seconds: 200 alerts firing, flapping and firing again.
    for (let i = 0; i < 10_000; i++) {
      const now = T0 + i * 60;
      while (next !== null && (next as Date).getTime() <= now)
        step(planGroupNotifications(state, [...alerts.values()], next, opts));
      const fp = `a${(i * 7919) % 200}`;
      const flap = i % 3 === 0 && alerts.has(fp);
      alerts.set(fp, testAlert(fp, flap ? { status: 'resolved', endsAt: new Date(now) } : {}));
      step(planGroupNotifications(state, [...alerts.values()], new Date(now), opts));
    }
    while (next !== null && sent.length < 10)
      step(planGroupNotifications(state, [...alerts.values()], next, opts));
    // group_wait at 30s, then one message per 5 minutes: 330s, 630s; then an hour later a repeat.
    expect(sent.map((p) => p.state.lastNotifiedAt?.getTime()).slice(0, 3)).toEqual([
      T0 + 30_000,
      T0 + 330_000,
      T0 + 630_000,
    ]);
    expect(sent.map((p) => p.notification?.reason).slice(0, 4)).toEqual([
      'group_wait',
      'group_interval',
      'group_interval',
      'repeat_interval',
    ]);
  });
});

type Event = {
  dt: number;
  fp: string;
  kind: 'fire' | 'resolve' | 'ack' | 'silence' | 'unsilence';
  sev: string;
};

const eventArb: fc.Arbitrary<Event> = fc.record({
  dt: fc.integer({ min: 0, max: 900_000 }),
  fp: fc.constantFrom('a', 'b', 'c', 'd'),
  kind: fc.constantFrom('fire', 'fire', 'resolve', 'ack', 'silence', 'unsilence'),
  sev: fc.constantFrom('page', 'ticket', 'log'),
});

describe('group planning properties', () => {
  it('paces messages, never invents or loses a resolution, never announces a silenced firing', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 60 }),
        fc.record({
          groupWaitMs: fc.integer({ min: 0, max: 120_000 }),
          groupIntervalMs: fc.integer({ min: 1_000, max: 600_000 }),
          repeatIntervalMs: fc.integer({ min: 1_000, max: 7_200_000 }),
        }),
        (events, timings) => {
          const alerts = new Map<string, RoutableAlert>();
          const silenced = new Set<string>();
          let state: GroupState | null = null;
          let next: number | null = null;
          const sentAt: number[] = [];
          const open = new Set<string>(); // announced firing, resolution not yet sent
          const everAnnounced = new Set<string>();
          const run = (now: number) => {
            const suppressed = Object.fromEntries(
              [...silenced].map((f) => [f, { reason: 'silenced', until: null }]),
            );
            const p = planGroupNotifications(state, [...alerts.values()], new Date(now), {
              route: timings,
              suppressed,
            });
            state = p.state;
            next = p.nextCheckAt?.getTime() ?? null;
            if (next !== null) expect(next).toBeGreaterThan(now);
            const n = p.notification;
            if (!n) return;
            sentAt.push(now);
            for (const a of n.resolved) {
              expect(open.has(a.fingerprint)).toBe(true);
              open.delete(a.fingerprint);
            }
            for (const f of n.newlyFiring) {
              expect(silenced.has(f)).toBe(false);
              open.add(f);
              everAnnounced.add(f);
            }
          };
          let now = T0;
          for (const e of events) {
            now += e.dt;
            while (next !== null && next <= now) run(next);
            const a = alerts.get(e.fp);
            if (e.kind === 'fire' && (!a || a.status === 'resolved')) {
              alerts.set(e.fp, testAlert(e.fp, { labels: { severity: e.sev }, startsAt: new Date(now) }));
            } else if (e.kind === 'resolve' && a)
              alerts.set(e.fp, { ...a, status: 'resolved', endsAt: new Date(now) });
            else if (e.kind === 'ack' && a) alerts.set(e.fp, { ...a, acknowledgedAt: new Date(now) });
            else if (e.kind === 'silence') silenced.add(e.fp);
            else if (e.kind === 'unsilence') silenced.delete(e.fp);
            run(now);
          }
          // Everything resolves, silences stay: every announced firing must still get its resolution.
          for (const [f, a] of alerts) alerts.set(f, { ...a, status: 'resolved', endsAt: new Date(now) });
          run(now);
          for (let i = 0; i < 5 && next !== null; i++) run(next);
          expect(open.size).toBe(0);
          expect(state === null || (state as GroupState).notifiedFiring.length === 0).toBe(true);
          // Pacing: at most one message per group_interval, the first not before group_wait.
          if (sentAt.length > 0) expect(sentAt[0]).toBeGreaterThanOrEqual(T0 + timings.groupWaitMs);
          for (let i = 1; i < sentAt.length; i++) {
            expect((sentAt[i] as number) - (sentAt[i - 1] as number)).toBeGreaterThanOrEqual(
              timings.groupIntervalMs,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
