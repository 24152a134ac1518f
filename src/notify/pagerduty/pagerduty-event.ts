import type { ChannelTemplates } from '../channel-base.js';
import type { NotificationMessage, Severity } from '../message.js';
import { headline, MAX_ALERTS_SHOWN, readingLinks, truncate } from '../presentation.js';

/**
 * A message as a PagerDuty Events API v2 event. A trigger carries the full `payload`; acknowledge
 * and resolve carry only the routing key, the action and the `dedup_key` that names the alert
 * they close (Vigil's dedupKey, stable per alert group or incident).
 */
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];
export type EventAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: EventAction;
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: Array<{ href: string; text: string }>;
  images?: Array<{ src: string; href?: string; alt?: string }>;
}

export const DEFAULT_SEVERITY_MAP: Record<Severity, PagerDutySeverity> = {
  page: 'critical',
  ticket: 'warning',
  log: 'info',
};

/** Which event a message becomes; undefined for kinds PagerDuty has no use for (digests). */
export function eventActionOf(message: NotificationMessage): EventAction | undefined {
  switch (message.kind) {
    case 'alert.firing':
    case 'test':
      return 'trigger';
    case 'alert.acknowledged':
      return 'acknowledge';
    case 'alert.resolved':
      return 'resolve';
    case 'incident.update': {
      const status = message.status.toLowerCase();
      if (status === 'resolved' || status === 'closed') return 'resolve';
      return status === 'acknowledged' ? 'acknowledge' : 'trigger';
    }
    case 'digest':
      return undefined;
  }
}

export function pagerDutyEvent(
  message: NotificationMessage,
  input: {
    routingKey: string;
    action: EventAction;
    severityMap: Record<Severity, PagerDutySeverity>;
    templates?: ChannelTemplates | undefined;
  },
): PagerDutyEvent {
  const base = { routing_key: input.routingKey, event_action: input.action, dedup_key: message.dedupKey };
  if (input.action !== 'trigger') return base;
  const details: Record<string, unknown> = { status: message.status, kind: message.kind };
  if (message.asset) details.asset = message.asset;
  if (message.observed) details.observed = message.observed;
  if (message.expected) details.expected = message.expected;
  if (message.text) details.text = message.text;
  if (message.incident) details.incident = message.incident;
  if (message.alerts.length > 0) {
    details.alert_count = message.alerts.length;
    details.alerts = message.alerts.slice(0, MAX_ALERTS_SHOWN).map((a) => ({
      fingerprint: a.fingerprint,
      labels: a.labels,
      started_at: a.startedAt,
      value: a.value ?? null,
    }));
  }
  const links = readingLinks(message).map((l) => ({ href: l.url, text: l.label }));
  const clientUrl = message.links.incident ?? message.links.monitor;
  return {
    ...base,
    payload: {
      summary: truncate(headline(message, input.templates), 1024),
      source: truncate(message.asset || 'vigil', 255),
      severity: input.severityMap[message.severity],
      timestamp: message.occurredAt,
      class: message.kind,
      custom_details: details,
    },
    client: 'Vigil',
    ...(clientUrl ? { client_url: clientUrl } : {}),
    ...(links.length > 0 ? { links } : {}),
  };
}
