/**
 * One place that asks every "hold this back?" question for an alert on a matched route —
 * silences, inhibition, mute/active time intervals — and answers in the form
 * planGroupNotifications takes. The order gives the most useful reason to show on the alert.
 */
import type { RoutableAlert } from './alert.js';
import type { Suppression } from './group-plan.js';
import { type InhibitRule, inhibitedBy } from './inhibition.js';
import type { MatchedRoute } from './match-routes.js';
import { isSilenced, type Silence, silenceSuppression } from './silence.js';
import { routeTimeSuppression, type TimeInterval } from './time-intervals.js';

export interface SuppressionContext {
  silences: readonly Silence[];
  /** Every firing alert (any route): the candidates that may inhibit. */
  firingAlerts: readonly RoutableAlert[];
  inhibitRules: readonly InhibitRule[];
  isUpstream?: (upstreamAsset: string, downstreamAsset: string) => boolean;
  timeIntervals: readonly TimeInterval[];
}

/** Why an alert may not be announced on this route now, or null when it may. */
export function suppressionOf(
  alert: RoutableAlert,
  route: Pick<MatchedRoute, 'muteTimeIntervals' | 'activeTimeIntervals'>,
  ctx: SuppressionContext,
  now: Date,
): Suppression | null {
  const silenced = silenceSuppression(isSilenced(alert.labels, ctx.silences, now), now);
  if (silenced) return silenced;
  // Inhibition lasts while its source fires: no known end, the source's resolution is an event.
  const inhibition = inhibitedBy(alert, ctx.firingAlerts, ctx.inhibitRules, ctx.isUpstream);
  if (inhibition) return { reason: inhibition.reason, until: null };
  return routeTimeSuppression(route, ctx.timeIntervals, now);
}
