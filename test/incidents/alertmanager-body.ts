/** An Alertmanager webhook notification (version 4) of one group, as Alertmanager sends it. */
export function alertmanagerBody(
  alerts: Array<{
    name: string;
    startsAt: string;
    status?: 'firing' | 'resolved';
    endsAt?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }>,
  groupKey = '{}:{alertname="TableLate"}',
) {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
    receiver: 'vigil',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: a.name, severity: 'critical', ...a.labels },
      annotations: { summary: `${a.name} fired`, ...a.annotations },
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.local:9090/graph',
      fingerprint: `fp-${a.name}`,
    })),
  };
}
