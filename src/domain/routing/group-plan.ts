/**
 * Deciding, for one alert group on one route, whether a notification is due now and what it
 * says. Call it on every alert event and again at `nextCheckAt`; however many events arrive, a
 * group sends at most one message per group_interval (the first after group_wait).
 *
 * The rule Alertmanager gets wrong: silences, inhibitions and mute intervals hold back new
 * firings, never a resolution. `state.notifiedFiring` records which alerts were announced as
 * firing; each of them is announced as resolved when it resolves, whatever suppresses it.
 */
import {
  isAcknowledgedAt,
  isResolvedAt,
  type RoutableAlert,
  SEVERITY_POLICIES,
  severityOf,
} from './alert.js';
import { nextDeliveryTime, type WorkingHours } from './working-hours.js';

/** What the store keeps per group between calls. */
export interface GroupState {
  /** When the group got its first alert; group_wait counts from here. */
  createdAt: Date;
  /** The last notification sent for the group; null before the first. */
  lastNotifiedAt: Date | null;
  /**
   * Fingerprints announced as firing whose resolution has not been announced yet. The caller
   * keeps passing these alerts (resolved ones too) until a plan lists them in `resolved`.
   */
  notifiedFiring: readonly string[];
}

/** The route timings in milliseconds (a MatchedRoute has them). */
export interface GroupTimings {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** Why an alert may not be announced now: a silence, an inhibition, a mute interval. */
export interface Suppression {
  reason: string;
  /** When it lifts, if known (a silence's end), so the planner can say when to look again. */
  until: Date | null;
}

export interface PlanOptions {
  route: GroupTimings;
  /** Suppressed alerts by fingerprint (from isSilenced, inhibitedBy, mute intervals). */
  suppressed?: Readonly<Record<string, Suppression>>;
  /** When tickets may be delivered; without it tickets go out at any hour. */
  workingHours?: WorkingHours | null;
}

export type NotificationReason = 'group_wait' | 'group_interval' | 'repeat_interval';

export interface GroupNotification {
  reason: NotificationReason;
  /** Every alert the message shows as firing, new and already announced. */
  firing: RoutableAlert[];
  /** Fingerprints among `firing` announced for the first time. */
  newlyFiring: string[];
  /** Alerts announced as firing earlier that have resolved since. */
  resolved: RoutableAlert[];
}

export interface HeldAlert {
  fingerprint: string;
  reason: string;
  until: Date | null;
}

export interface GroupPlan {
  /** The message to send now, or null. */
  notification: GroupNotification | null;
  /** The state to store (with the outbox row when there is a notification). */
  state: GroupState;
  /** When to plan again if no event comes first; null when nothing can become due by itself. */
  nextCheckAt: Date | null;
  /** Firing alerts left out of the message, and why. */
  held: HeldAlert[];
  /** Nothing firing that could notify and nothing owed: the group may be deleted. */
  finished: boolean;
}

interface Sorted {
  shown: RoutableAlert[];
  fresh: RoutableAlert[];
  owedResolved: RoutableAlert[];
  held: HeldAlert[];
  /** A page still firing, announced or about to be, and unacknowledged: it repeats. */
  repeats: boolean;
  /** Any page/ticket alert still firing: the group is alive. */
  alive: boolean;
  wakeUps: number[];
}

function sortAlerts(
  alerts: readonly RoutableAlert[],
  notified: ReadonlySet<string>,
  now: Date,
  o: PlanOptions,
): Sorted {
  const s: Sorted = {
    shown: [],
    fresh: [],
    owedResolved: [],
    held: [],
    repeats: false,
    alive: false,
    wakeUps: [],
  };
  const hold = (a: RoutableAlert, reason: string, until: Date | null) => {
    s.held.push({ fingerprint: a.fingerprint, reason, until });
    if (until) s.wakeUps.push(until.getTime());
  };
  for (const a of alerts) {
    if (isResolvedAt(a, now)) {
      // Owed whatever suppresses it now: the channel was told it fired.
      if (notified.has(a.fingerprint)) s.owedResolved.push(a);
      continue;
    }
    const policy = SEVERITY_POLICIES[severityOf(a.labels)];
    if (policy.delivery === 'never') {
      hold(a, 'severity log: recorded, never notified', null);
      continue;
    }
    s.alive = true;
    const suppression = o.suppressed?.[a.fingerprint];
    if (suppression) {
      hold(a, suppression.reason, suppression.until);
      continue;
    }
    const acknowledged = isAcknowledgedAt(a, now);
    if (!notified.has(a.fingerprint)) {
      if (acknowledged) {
        hold(a, 'acknowledged before it was notified', null);
        continue;
      }
      if (policy.delivery === 'working-hours' && o.workingHours) {
        const at = nextDeliveryTime(now, o.workingHours);
        if (at.getTime() > now.getTime()) {
          hold(a, 'ticket outside working hours', at);
          continue;
        }
      }
      s.fresh.push(a);
    }
    s.shown.push(a);
    if (policy.repeat === 'until-acknowledged' && !acknowledged) s.repeats = true;
  }
  return s;
}

/**
 * Plans one group at `now`. `state` is null for a group seen for the first time. Pure: the
 * returned state must be stored for the next call.
 */
export function planGroupNotifications(
  state: GroupState | null,
  alerts: readonly RoutableAlert[],
  now: Date,
  options: PlanOptions,
): GroupPlan {
  const t = now.getTime();
  const current: GroupState = state ?? { createdAt: now, lastNotifiedAt: null, notifiedFiring: [] };
  const notified = new Set(current.notifiedFiring);
  const s = sortAlerts(alerts, notified, now, options);
  const { groupWaitMs, groupIntervalMs } = options.route;
  // Repeats ride on group flushes, as in Alertmanager: never more often than group_interval.
  const repeatMs = Math.max(options.route.repeatIntervalMs, groupIntervalMs);
  const last = current.lastNotifiedAt?.getTime() ?? null;
  const changed = s.fresh.length > 0 || s.owedResolved.length > 0;

  let due: number | null = null;
  let reason: NotificationReason = 'group_wait';
  if (changed && last === null) due = current.createdAt.getTime() + groupWaitMs;
  else if (changed && last !== null) {
    due = last + groupIntervalMs;
    reason = 'group_interval';
  } else if (s.repeats && last !== null) {
    due = last + repeatMs;
    reason = 'repeat_interval';
  }

  const soonest = (times: number[]) => {
    const future = times.filter((x) => x > t);
    return future.length > 0 ? new Date(Math.min(...future)) : null;
  };

  if (due === null || due > t) {
    return {
      notification: null,
      state: current,
      nextCheckAt: soonest(due === null ? s.wakeUps : [due, ...s.wakeUps]),
      held: s.held,
      finished: !s.alive && notified.size === 0,
    };
  }

  const resolvedNow = new Set(s.owedResolved.map((a) => a.fingerprint));
  const nextNotified = current.notifiedFiring.filter((f) => !resolvedNow.has(f));
  for (const a of s.fresh) nextNotified.push(a.fingerprint);
  return {
    notification: {
      reason,
      firing: s.shown,
      newlyFiring: s.fresh.map((a) => a.fingerprint),
      resolved: s.owedResolved,
    },
    state: { createdAt: current.createdAt, lastNotifiedAt: now, notifiedFiring: nextNotified },
    nextCheckAt: soonest(s.repeats ? [t + repeatMs, ...s.wakeUps] : s.wakeUps),
    held: s.held,
    finished: !s.alive && nextNotified.length === 0,
  };
}
