/**
 * The alert as the router sees it. Other layers' alert records only need this shape to be routed.
 */
import { SEVERITIES, type Severity } from '../monitor.js';
import type { Labels } from './matcher.js';

export type AlertStatus = 'firing' | 'resolved';

export interface AlertAnnotations {
  title: string;
  summary: string;
  runbook?: string | null;
}

export interface RoutableAlert {
  /** Stable identity: monitor + dimension for checks, the sender's fingerprint for external alerts. */
  fingerprint: string;
  status: AlertStatus;
  /** owner, team, domain, asset, source, severity, monitor, kind, and any user tags. */
  labels: Labels;
  annotations: AlertAnnotations;
  startsAt: Date;
  endsAt: Date | null;
  acknowledgedAt: Date | null;
}

/** Why each severity exists: page wakes someone now, ticket waits for working hours, log records only. */
export interface SeverityPolicy {
  delivery: 'now' | 'working-hours' | 'never';
  repeat: 'until-acknowledged' | 'never';
}

export const SEVERITY_POLICIES: Readonly<Record<Severity, SeverityPolicy>> = {
  page: { delivery: 'now', repeat: 'until-acknowledged' },
  ticket: { delivery: 'working-hours', repeat: 'never' },
  log: { delivery: 'never', repeat: 'never' },
};

/**
 * The alert's severity label. Missing or unknown values count as `ticket`: never dropped
 * silently, never waking anyone either. Ingest maps foreign scales (critical, warning…) first.
 */
export function severityOf(labels: Labels): Severity {
  const s = labels.severity;
  return s !== undefined && (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : 'ticket';
}

/** Resolved by status, or by an end time that has passed (as Alertmanager reads endsAt). */
export function isResolvedAt(alert: RoutableAlert, now: Date): boolean {
  return alert.status === 'resolved' || (alert.endsAt !== null && alert.endsAt.getTime() <= now.getTime());
}

export function isAcknowledgedAt(alert: RoutableAlert, now: Date): boolean {
  return alert.acknowledgedAt !== null && alert.acknowledgedAt.getTime() <= now.getTime();
}

export type { Severity };
