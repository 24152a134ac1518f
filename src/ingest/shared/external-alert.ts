/**
 * An alert raised by another system (Alertmanager, Grafana, Datadog, CloudWatch …) as Vigil takes it
 * in. Services upsert it by (source, fingerprint): a `resolved` with the same fingerprint clears it.
 */
export const ALERT_SEVERITIES = ['page', 'ticket', 'log'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type ExternalAlertStatus = (typeof ALERT_STATUSES)[number];

export interface ExternalAlert {
  /** 'alertmanager', or the name of the webhook mapping that produced it. */
  source: string;
  fingerprint: string;
  status: ExternalAlertStatus;
  title: string;
  severity: AlertSeverity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  description?: string;
  /** Link back to the alert in the system that raised it. */
  url?: string;
  startsAt?: string;
  endsAt?: string;
  /** The sender's group (Alertmanager's groupKey): alerts it sent as one notification share a cause. */
  groupKey?: string;
}

/** The usual words for urgency, as Prometheus rules, PagerDuty and ticket systems spell them. */
const SEVERITY_WORDS: Record<string, AlertSeverity> = {
  critical: 'page',
  crit: 'page',
  page: 'page',
  emergency: 'page',
  alert: 'page',
  error: 'page',
  high: 'page',
  p1: 'page',
  p2: 'page',
  warning: 'ticket',
  warn: 'ticket',
  ticket: 'ticket',
  medium: 'ticket',
  major: 'ticket',
  minor: 'ticket',
  p3: 'ticket',
  info: 'log',
  informational: 'log',
  notice: 'log',
  low: 'log',
  log: 'log',
  none: 'log',
  debug: 'log',
  p4: 'log',
  p5: 'log',
};

/** A severity word to page | ticket | log, or undefined for a word nobody uses for urgency. */
export function severityOfWord(word: string): AlertSeverity | undefined {
  return Object.hasOwn(SEVERITY_WORDS, word.trim().toLowerCase())
    ? SEVERITY_WORDS[word.trim().toLowerCase()]
    : undefined;
}

/** A severity word to page | ticket | log; unknown or missing words give `fallback`. */
export function severityFromWord(
  word: string | undefined,
  fallback: AlertSeverity = 'ticket',
): AlertSeverity {
  return (word === undefined ? undefined : severityOfWord(word)) ?? fallback;
}
