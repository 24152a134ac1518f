import { type AlertSeverity, type ExternalAlert, severityFromWord } from '../shared/external-alert.js';
import type { AlertmanagerAlert, AlertmanagerPayload } from './payload.js';

export interface AlertmanagerMapOptions {
  /** Extra or different words for labels.severity, e.g. { sev1: 'page' }; checked before the usual ones. */
  severityWords?: Record<string, AlertSeverity>;
  /** When labels.severity is missing or unknown. Default: ticket. */
  defaultSeverity?: AlertSeverity;
}

// Alertmanager's zero time: the alert has no known end yet.
const isZeroTime = (t: string) => t.startsWith('0001-01-01');

export function mapAlertmanagerAlert(
  a: AlertmanagerAlert,
  options: AlertmanagerMapOptions = {},
): ExternalAlert {
  const word = a.labels.severity;
  const custom = word === undefined ? undefined : options.severityWords?.[word];
  const out: ExternalAlert = {
    source: 'alertmanager',
    fingerprint: a.fingerprint,
    status: a.status,
    title: a.annotations.summary || a.labels.alertname || `alert ${a.fingerprint}`,
    severity: custom ?? severityFromWord(word, options.defaultSeverity ?? 'ticket'),
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: a.startsAt,
  };
  if (a.annotations.description) out.description = a.annotations.description;
  if (a.generatorURL) out.url = a.generatorURL;
  if (!isZeroTime(a.endsAt)) out.endsAt = a.endsAt;
  return out;
}

/** One external alert per alert in the group notification. */
export function mapAlertmanagerPayload(
  p: AlertmanagerPayload,
  options: AlertmanagerMapOptions = {},
): ExternalAlert[] {
  return p.alerts.map((a) => ({
    ...mapAlertmanagerAlert(a, options),
    ...(p.groupKey ? { groupKey: p.groupKey } : {}),
  }));
}
