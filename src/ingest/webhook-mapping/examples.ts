import type { WebhookMapping } from './mapping.js';

/**
 * Ready-made mappings for common senders, shown in docs/ingest.md and offered as starting points.
 * Each is checked against a realistic body in the tests.
 */
export const EXAMPLE_MAPPINGS = {
  /** Grafana unified alerting "Webhook" contact point (payload version 1): one alert per notification group. */
  grafana: {
    name: 'grafana',
    title: {
      path: ['commonAnnotations.summary', 'alerts[0].annotations.summary', 'commonLabels.alertname', 'title'],
    },
    status: { path: 'status' },
    severity: { path: 'commonLabels.severity', default: 'ticket' },
    fingerprint: { path: 'groupKey' },
    description: { path: ['commonAnnotations.description', 'alerts[0].annotations.description'] },
    url: { path: ['alerts[0].generatorURL', 'externalURL'] },
    startsAt: { path: 'alerts[0].startsAt' },
    labelsFrom: 'commonLabels',
  },
  /**
   * Datadog Webhooks integration with this custom payload:
   * {"alert_id":"$ALERT_ID","title":"$EVENT_TITLE","transition":"$ALERT_TRANSITION","priority":"$ALERT_PRIORITY",
   *  "aggregate":"$AGGREG_KEY","tags":"$TAGS","link":"$LINK","date":"$DATE","body":"$EVENT_MSG","hostname":"$HOSTNAME"}
   */
  datadog: {
    name: 'datadog',
    title: { path: 'title' },
    status: {
      path: 'transition',
      map: {
        Triggered: 'firing',
        'Re-Triggered': 'firing',
        Warn: 'firing',
        'Re-Warn': 'firing',
        'No Data': 'firing',
        'Re-No Data': 'firing',
        Renotify: 'firing',
        Recovered: 'resolved',
      },
    },
    severity: {
      path: 'priority',
      map: { P1: 'page', P2: 'page', P3: 'ticket', P4: 'log', P5: 'log' },
      default: 'ticket',
    },
    fingerprint: { path: ['aggregate', 'alert_id'] },
    description: { path: 'body' },
    url: { path: 'link' },
    startsAt: { path: 'date' },
    labels: { monitor_id: 'alert_id', tags: 'tags', host: 'hostname' },
  },
  /** CloudWatch alarm -> SNS topic -> HTTPS subscription: the alarm is JSON text in the notification's Message. */
  cloudwatch: {
    name: 'cloudwatch',
    unwrap: 'Message',
    title: { path: ['AlarmName'] },
    status: { path: 'NewStateValue', map: { ALARM: 'firing', INSUFFICIENT_DATA: 'firing', OK: 'resolved' } },
    fingerprint: { path: ['AlarmArn', 'AlarmName'] },
    description: { path: ['NewStateReason', 'AlarmDescription'] },
    startsAt: { path: 'StateChangeTime' },
    labels: {
      account: 'AWSAccountId',
      region: 'Region',
      namespace: 'Trigger.Namespace',
      metric: 'Trigger.MetricName',
    },
  },
} as const satisfies Record<string, WebhookMapping>;
