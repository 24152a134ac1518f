import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../net/outbound-guard.js';
import { createSource, parseSourceConfig } from '../registry.js';
import type { SeriesSource } from '../source.js';

/** A stand-in Prometheus answering in the HTTP API's documented JSON shapes. */
interface Seen {
  path: string;
  form: URLSearchParams;
  auth: string | undefined;
}

function startServer(seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      seen.push({ path: req.url ?? '', form, auth: req.headers.authorization });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== 'Bearer good-token')
        return send(401, { status: 'error', errorType: 'unauthorized', error: 'no' });
      const expr = (form.get('query') ?? '').split('\n').at(-1) ?? '';
      const stats = { samples: { totalQueryableSamples: 42 } };
      if (expr === 'slow')
        return setTimeout(
          () => send(200, { status: 'success', data: { resultType: 'scalar', result: [1, '1'] } }),
          3000,
        );
      if (expr.includes('(((')) {
        return send(400, {
          status: 'error',
          errorType: 'bad_data',
          error: `1:4: parse error: unexpected "(" in ${expr}`,
        });
      }
      if (req.url === '/api/v1/query_range') {
        const start = Number(form.get('start'));
        const step = Number(form.get('step'));
        return send(200, {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { job: 'etl' },
                values: [
                  [start, '3'],
                  [start + step, '5'],
                ],
              },
            ],
            stats,
          },
        });
      }
      if (expr === '1')
        return send(200, { status: 'success', data: { resultType: 'scalar', result: [1700000000, '1'] } });
      return send(200, {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: { __name__: 'up', job: 'etl', instance: 'a:9100' }, value: [1700000000.5, '1'] },
            { metric: { __name__: 'up', job: 'etl', instance: 'b:9100' }, value: [1700000000.5, '0'] },
          ],
          stats,
        },
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The test server listens on loopback, which an admin allowance opens exactly as in production. */
const loopback = { outbound: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }) };

describe('prometheus source', () => {
  const seen: Seen[] = [];
  let server: Server;
  let url: string;
  const open = (
    secrets: Record<string, unknown> = { token: 'good-token' },
    extra: Record<string, unknown> = {},
  ) => {
    const cfg = parseSourceConfig('prometheus', { url, ...extra }, secrets);
    if (!cfg.ok) throw cfg.error;
    return createSource(cfg.value, loopback) as SeriesSource;
  };

  beforeAll(async () => {
    server = await startServer(seen);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('evaluates an instant query and tags it with the monitor', async () => {
    const s = open();
    expect((await s.testConnection()).ok).toBe(true);
    const r = await s.instantQuery('up{job="etl"}', {
      tag: { monitorId: 'mon_7', purpose: 'check' },
      time: new Date(1_700_000_000_000),
    });
    if (!r.ok) throw r.error;
    expect(r.value.resultType).toBe('vector');
    expect(r.value.series.map((x) => [x.labels.instance, x.values[0]?.[1]])).toEqual([
      ['a:9100', 1],
      ['b:9100', 0],
    ]);
    expect(r.cost).toMatchObject({ queries: 1, rowsScanned: 42 });
    const last = seen.at(-1)!;
    expect(last.path).toBe('/api/v1/query');
    expect(last.form.get('query')).toBe('# vigil monitor=mon_7 purpose=check\nup{job="etl"}');
    expect(last.form.get('time')).toBe('1700000000');
  });

  it('evaluates a range query over query_range', async () => {
    const s = open();
    const start = new Date('2024-01-01T00:00:00Z');
    const r = await s.rangeQuery('sum(rate(rows_loaded[5m]))', {
      tag: {},
      start,
      end: new Date(start.getTime() + 60_000),
      stepSeconds: 60,
    });
    if (!r.ok) throw r.error;
    expect(r.value.series[0]?.values).toEqual([
      [start.getTime() / 1000, 3],
      [start.getTime() / 1000 + 60, 5],
    ]);
    expect(seen.at(-1)?.form.get('step')).toBe('60');
  });

  it('answers custom PromQL as rows', async () => {
    const r = await open().runQuery('up', { tag: {} });
    expect(r.ok && r.value.rows[1]).toEqual({
      __name__: 'up',
      job: 'etl',
      instance: 'b:9100',
      timestamp: 1700000000.5,
      value: 0,
    });
  });

  it('maps failures to codes without echoing the expression, the token or the server text', async () => {
    const bad = await open().instantQuery('sum(((', { tag: {} });
    expect(bad.ok ? 'ok' : [bad.error.code, bad.error.message]).toEqual([
      'QUERY_FAILED',
      'Prometheus rejected the query (bad_data)',
    ]);
    const denied = await open({ token: 'wrong-token' }).testConnection();
    expect(denied.ok ? 'ok' : denied.error.code).toBe('SOURCE_AUTH_FAILED');
    expect(JSON.stringify(denied)).not.toContain('wrong-token');
    const slow = await open().instantQuery('slow', { tag: {}, timeoutMs: 300 });
    expect(slow.ok ? 'ok' : slow.error.code).toBe('QUERY_TIMEOUT');
    const cfg = parseSourceConfig('prometheus', { url: 'http://127.0.0.1:1' }, {});
    if (!cfg.ok) throw cfg.error;
    const away = await createSource(cfg.value, loopback).testConnection();
    expect(away.ok ? 'ok' : [away.error.code, away.error.message]).toEqual([
      'SOURCE_UNREACHABLE',
      'cannot reach Prometheus at 127.0.0.1:1',
    ]);
  });

  it('refuses a range that would exceed Prometheus point limit before sending', async () => {
    const before = seen.length;
    const r = await open().rangeQuery('up', {
      tag: {},
      start: new Date(0),
      end: new Date(86_400_000 * 30),
      stepSeconds: 1,
    });
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
    expect(seen.length).toBe(before);
  });
});
