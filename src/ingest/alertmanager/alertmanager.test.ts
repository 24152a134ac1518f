import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../shared/result.js';
import { mapAlertmanagerPayload, parseAlertmanagerWebhook } from './index.js';

const body = () =>
  JSON.parse(readFileSync(new URL('./fixtures/webhook-firing.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('Alertmanager webhook', () => {
  it('maps each alert to an external alert', () => {
    const parsed = parseAlertmanagerWebhook(body());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [lag, kafka] = mapAlertmanagerPayload(parsed.value);
    expect(lag).toEqual({
      source: 'alertmanager',
      fingerprint: '6f1a3e2b9c0d4e51',
      status: 'firing',
      title: 'Replica warehouse-replica-1 is 14m behind the primary',
      severity: 'page',
      labels: {
        alertname: 'PostgresReplicationLag',
        instance: 'warehouse-replica-1:9187',
        job: 'postgres',
        severity: 'critical',
        team: 'data-platform',
      },
      annotations: expect.objectContaining({
        runbook_url: 'https://runbooks.example.com/postgres/replication-lag',
      }),
      description:
        'pg_replication_lag_seconds has been above 300 for 10 minutes; dashboards read stale data.',
      url: 'http://prometheus.example.com:9090/graph?g0.expr=pg_replication_lag_seconds+%3E+300&g0.tab=1',
      startsAt: '2026-01-05T08:51:12.478Z',
      groupKey: body().groupKey,
    });
    // No summary: the alert name is the title; the zero end time of a firing alert is dropped.
    expect(kafka).toMatchObject({
      status: 'resolved',
      title: 'KafkaConsumerLag',
      severity: 'ticket',
      endsAt: '2026-01-05T08:47:30.000000001Z',
    });
  });

  it('maps severities to page, ticket or log, with words a team chooses', () => {
    const b = body();
    const alerts = b.alerts as { labels: Record<string, string> }[];
    alerts[0]!.labels.severity = 'info';
    alerts[1]!.labels.severity = 'sev1';
    const parsed = parseAlertmanagerWebhook(b);
    if (!parsed.ok) throw new Error('expected ok');
    expect(mapAlertmanagerPayload(parsed.value).map((a) => a.severity)).toEqual(['log', 'ticket']);
    expect(mapAlertmanagerPayload(parsed.value, { severityWords: { sev1: 'page' } })[1]!.severity).toBe(
      'page',
    );
  });

  it('names the path of each malformed field', () => {
    const b = body();
    const alerts = b.alerts as Record<string, unknown>[];
    alerts[0]!.status = 'pending';
    delete alerts[1]!.fingerprint;
    (alerts[1]!.labels as Record<string, unknown>).value = 3;
    alerts[1]!.startsAt = 'yesterday';
    b.version = '3';
    delete b.receiver;
    const parsed = parseAlertmanagerWebhook(b);
    expect(parsed.ok ? [] : parsed.errors.map(formatFieldError).sort()).toEqual([
      '/alerts/0/status: must be one of firing, resolved',
      '/alerts/1/fingerprint: is required',
      '/alerts/1/labels/value: must be string',
      '/alerts/1/startsAt: must match format date-time',
      '/receiver: is required',
      '/version: must be one of 4',
    ]);
  });

  it('never throws on arbitrary JSON, nor on damaged payloads', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom('alerts', 'version', 'status'), fc.jsonValue()),
        ),
        (v) => {
          const p = parseAlertmanagerWebhook(v);
          if (!p.ok) for (const e of p.errors) expect(e.path === '' || e.path.startsWith('/')).toBe(true);
        },
      ),
    );
  });
});
