import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../shared/result.js';
import {
  applyWebhookMapping,
  EXAMPLE_MAPPINGS,
  parsePath,
  parseWebhookMapping,
  type WebhookMapping,
} from './index.js';

const body = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

function saved(input: unknown): WebhookMapping {
  const parsed = parseWebhookMapping(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('paths', () => {
  it('reads JSON pointers and dotted paths alike', () => {
    expect(parsePath('/alerts/0/labels/a~1b~0c')).toEqual(['alerts', '0', 'labels', 'a/b~c']);
    expect(parsePath('alerts[0].labels.severity')).toEqual(['alerts', '0', 'labels', 'severity']);
    expect(parsePath('labels["team.name"]')).toEqual(['labels', 'team.name']);
    expect(parsePath('a..b')).toEqual({ error: 'has an empty segment' });
    expect(parsePath('a.')).toEqual({ error: 'ends with a dot' });
  });
});

describe('example mappings', () => {
  it('are valid as saved mappings', () => {
    for (const m of Object.values(EXAMPLE_MAPPINGS))
      expect(parseWebhookMapping(m)).toMatchObject({ ok: true });
  });

  it('turn a Grafana notification into one alert', () => {
    const a = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.grafana), body('grafana'));
    expect(a).toEqual({
      ok: true,
      value: {
        source: 'grafana',
        fingerprint: expect.stringContaining('OrdersIngestStalled'),
        status: 'firing',
        title: 'No rows landed in raw.orders for 30 minutes',
        severity: 'page',
        labels: {
          alertname: 'OrdersIngestStalled',
          grafana_folder: 'Data platform',
          severity: 'critical',
          team: 'data-platform',
        },
        annotations: {},
        description: 'Rows per minute into raw.orders fell to 0 at 08:31 UTC.',
        url: 'https://grafana.example.com/alerting/grafana/be2x1mkq8nj0gd/view?orgId=1',
        startsAt: '2026-01-05T08:31:00+01:00',
      },
    });
  });

  it('turn a Datadog webhook into an alert, epoch date and priority included', () => {
    const a = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.datadog), body('datadog'));
    expect(a).toMatchObject({
      ok: true,
      value: {
        source: 'datadog',
        fingerprint: 'a4f3c1a0e1b2d3c4f5a6b7c8d9e0f1a2',
        status: 'firing',
        severity: 'page',
        startsAt: '2026-01-05T09:00:00.000Z',
        labels: {
          monitor_id: '152837402',
          host: 'warehouse-loader-2',
          tags: 'env:prod,service:orders,table:fct_orders,team:data-platform',
        },
      },
    });
    const recovered = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.datadog), {
      ...body('datadog'),
      transition: 'Recovered',
    });
    expect(recovered.ok && recovered.value.status).toBe('resolved');
  });

  it('turn a CloudWatch alarm delivered by SNS into an alert, reading the JSON inside Message', () => {
    const a = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.cloudwatch), body('cloudwatch-sns'));
    expect(a).toMatchObject({
      ok: true,
      value: {
        source: 'cloudwatch',
        fingerprint: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:glue-orders-etl-failed-runs',
        status: 'firing',
        title: 'glue-orders-etl-failed-runs',
        severity: 'ticket',
        startsAt: '2026-01-05T09:00:31.540+0000',
        labels: {
          account: '123456789012',
          region: 'EU (Ireland)',
          namespace: 'Glue',
          metric: 'glue.driver.aggregate.numFailedTasks',
        },
      },
    });
    const sns = body('cloudwatch-sns');
    sns.Message = (sns.Message as string).replace('"NewStateValue": "ALARM"', '"NewStateValue": "OK"');
    const ok = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.cloudwatch), sns);
    expect(ok.ok && ok.value.status).toBe('resolved');
  });
});

describe('applyWebhookMapping errors', () => {
  it('names the body path of a missing field or an unmapped value', () => {
    const sns = body('cloudwatch-sns');
    const alarm = JSON.parse(sns.Message as string) as Record<string, unknown>;
    alarm.NewStateValue = 'PENDING';
    delete alarm.AlarmName;
    delete alarm.AlarmArn;
    sns.Message = JSON.stringify(alarm);
    const a = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.cloudwatch), sns);
    expect(a.ok ? [] : a.errors.map(formatFieldError)).toEqual([
      '/Message/AlarmName: is required for title',
      '/Message/AlarmArn: is required for fingerprint',
      '/Message/NewStateValue: value "PENDING" has no mapping for status',
    ]);
  });

  it('refuses a body whose wrapped message is not JSON (an SNS subscription confirmation)', () => {
    const a = applyWebhookMapping(saved(EXAMPLE_MAPPINGS.cloudwatch), {
      Type: 'SubscriptionConfirmation',
      Message: 'You have chosen to subscribe',
    });
    expect(a).toEqual({ ok: false, errors: [{ path: '/Message', message: 'must be JSON text' }] });
  });

  it('asks for a severity map when the word is unknown', () => {
    const m = saved({
      name: 'x',
      title: { path: 't' },
      status: { path: 's' },
      fingerprint: { path: 'f' },
      severity: { path: 'sev' },
    });
    expect(applyWebhookMapping(m, { t: 'T', s: 'firing', f: '1', sev: 'WARNING' })).toMatchObject({
      ok: true,
      value: { severity: 'ticket' },
    });
    const bad = applyWebhookMapping(m, { t: 'T', s: 'firing', f: '1', sev: 'purple' });
    expect(bad.ok ? [] : bad.errors.map(formatFieldError)).toEqual([
      '/sev: value "purple" is not page, ticket or log; add it to the severity map',
    ]);
  });

  it('never throws on arbitrary bodies', () => {
    const mappings = Object.values(EXAMPLE_MAPPINGS).map(saved);
    fc.assert(
      fc.property(fc.constantFrom(...mappings), fc.jsonValue(), (m, v) => {
        const a = applyWebhookMapping(m, v);
        if (!a.ok) for (const e of a.errors) expect(e.path === '' || e.path.startsWith('/')).toBe(true);
      }),
    );
  });
});

describe('parseWebhookMapping', () => {
  it('refuses a mapping with bad paths, unknown statuses or missing rules, naming each', () => {
    const p = parseWebhookMapping({
      name: 'Bad Name',
      title: {},
      status: { path: 'state', map: { ALARM: 'firing', OK: 'ok' } },
      severity: { path: 'x..y', map: { P1: 'urgent' } },
      labels: { team: '/a/~2' },
    });
    expect(p.ok ? [] : p.errors.map(formatFieldError).sort()).toEqual([
      '/fingerprint: is required',
      '/labels/team: is not a JSON pointer or dotted path: has a ~ not followed by 0 or 1',
      '/name: must be 1-63 lower-case letters, digits, - or _',
      '/severity/map/P1: must be one of page, ticket, log',
      '/severity/path: is not a JSON pointer or dotted path: has an empty segment',
      '/status/map/OK: must be one of firing, resolved',
      '/title: needs a path or a default',
    ]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => void parseWebhookMapping(v)));
  });
});
