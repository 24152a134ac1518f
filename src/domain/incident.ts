/**
 * Incidents as pure values and rules: severities, the status flow, the order of the key times and
 * what an alert says about the incident it belongs to. No I/O, no clock reads.
 */

/**
 * SEV1: data a business decision or a customer sees is wrong or missing, now; all hands.
 * SEV2: an important asset is wrong or late and people downstream are blocked; page the owner.
 * SEV3: a degraded or partial problem with a workaround; fix in working hours.
 * SEV4: minor, cosmetic or internal only; tracked, no urgency.
 */
export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const INCIDENT_STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_TYPES = [
  'freshness',
  'volume',
  'schema',
  'quality',
  'pipeline_failure',
  'infrastructure',
  'other',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** Named roles hold one person each; responders are a list. */
export const INCIDENT_ROLES = ['commander', 'communications_lead', 'scribe', 'responder'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** The key times, in the order they must keep. */
export const INCIDENT_TIMES = [
  'startedAt',
  'detectedAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
] as const;
export type IncidentTimeField = (typeof INCIDENT_TIMES)[number];
export type IncidentTimes = Record<IncidentTimeField, Date | null>;

const OPEN: ReadonlySet<IncidentStatus> = new Set(['triage', 'investigating', 'identified', 'monitoring']);

export function isOpenStatus(status: string): boolean {
  return OPEN.has(status as IncidentStatus);
}

/**
 * Open statuses move freely among themselves (a fix that did not hold goes back from monitoring
 * to investigating) but never back to triage, which only a new incident is in. A resolved
 * incident may reopen or close; closed is final.
 */
export function canChangeStatus(from: IncidentStatus, to: IncidentStatus): boolean {
  if (from === to) return false;
  if (from === 'closed') return false;
  if (to === 'triage') return false;
  if (from === 'resolved') return to === 'closed' || to === 'investigating';
  if (to === 'closed') return false;
  return true;
}

/** The first pair of times out of order, or null when they keep their order. */
export function timeOrderProblem(
  times: IncidentTimes,
): { field: IncidentTimeField; before: IncidentTimeField } | null {
  let last: { field: IncidentTimeField; at: Date } | null = null;
  for (const field of INCIDENT_TIMES) {
    const at = times[field];
    if (!at) continue;
    if (last && at.getTime() < last.at.getTime()) return { field, before: last.field };
    last = { field, at };
  }
  return null;
}

/**
 * The times a status change sets when nobody set them by hand: leaving triage acknowledges,
 * monitoring means mitigated, resolved means resolved; reopening forgets the resolution.
 */
export function timesForStatus(times: IncidentTimes, to: IncidentStatus, now: Date): IncidentTimes {
  const next = { ...times };
  if (to !== 'triage' && !next.acknowledgedAt) next.acknowledgedAt = now;
  if ((to === 'monitoring' || to === 'resolved' || to === 'closed') && !next.mitigatedAt)
    next.mitigatedAt = now;
  if ((to === 'resolved' || to === 'closed') && !next.resolvedAt) next.resolvedAt = now;
  if (isOpenStatus(to)) next.resolvedAt = null;
  // Times set earlier stay as they are; a time this step sets is kept between its neighbours,
  // so an automatic change never breaks the order a person set by hand.
  const auto = (f: IncidentTimeField) => times[f] === null && next[f] !== null;
  let floor: Date | null = null;
  for (const f of INCIDENT_TIMES) {
    const at = next[f];
    if (!at) continue;
    if (auto(f) && floor && at < floor) next[f] = floor;
    floor = next[f];
  }
  let ceiling: Date | null = null;
  for (const f of [...INCIDENT_TIMES].reverse()) {
    const at = next[f];
    if (!at) continue;
    if (auto(f) && ceiling && at > ceiling) next[f] = ceiling;
    ceiling = next[f];
  }
  return next;
}

/** Durations in seconds, null until both ends are known. */
export interface IncidentDurations {
  timeToDetect: number | null;
  timeToAcknowledge: number | null;
  timeToMitigate: number | null;
  timeToResolve: number | null;
}

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.round((to.getTime() - from.getTime()) / 1000) : null;

/**
 * Detect counts from the start of the problem; acknowledge, mitigate and resolve count from
 * detection, since nobody can act on what was not yet seen (MTTA and MTTR in the reports).
 */
export function incidentDurations(t: IncidentTimes): IncidentDurations {
  return {
    timeToDetect: seconds(t.startedAt, t.detectedAt),
    timeToAcknowledge: seconds(t.detectedAt, t.acknowledgedAt),
    timeToMitigate: seconds(t.detectedAt, t.mitigatedAt),
    timeToResolve: seconds(t.detectedAt, t.resolvedAt),
  };
}

/** What kind of incident an alert suggests, from its `kind` label and origin. */
export function incidentTypeForAlert(origin: string, labels: Record<string, string>): IncidentType {
  const kind = labels.kind ?? '';
  if (kind === 'freshness') return 'freshness';
  if (kind === 'volume') return 'volume';
  if (kind === 'schema') return 'schema';
  if (kind === 'source_down') return 'infrastructure';
  if (origin === 'heartbeat' || origin === 'pipeline') return 'pipeline_failure';
  if (['column_health', 'custom_sql', 'threshold', 'anomaly', 'distribution'].includes(kind))
    return 'quality';
  return 'other';
}

/** Only a page opens an incident by policy: tickets and logs wait for a person to decide. */
export function alertOpensIncident(severity: string): boolean {
  return severity === 'page';
}

/** How loud an incident's stakeholder updates are on channels. */
export function messageSeverityFor(severity: IncidentSeverity): 'page' | 'ticket' | 'log' {
  return severity === 'SEV1' || severity === 'SEV2' ? 'page' : severity === 'SEV3' ? 'ticket' : 'log';
}

export const earlier = (a: Date, b: Date): Date => new Date(Math.min(a.getTime(), b.getTime()));
export const later = (a: Date, b: Date): Date => new Date(Math.max(a.getTime(), b.getTime()));
