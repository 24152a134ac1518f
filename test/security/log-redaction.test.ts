import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build } from '../../src/server/app.js';
import { createApiToken } from '../../src/services/create-api-token.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

/**
 * Heartbeat pings and inbound webhooks authenticate by a token in the URL, and signed alert links
 * by one in the query: whoever reads the request log must not be able to replay them. The server
 * logs every request at info; the log is captured and searched for each secret.
 */
let t: TestStore;
let app: FastifyInstance;
let admin: { authorization: string };
const lines: string[] = [];
beforeAll(async () => {
  t = await openTestStore('pglite');
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const clock = new ManualClock();
  app = await build({
    store: t.store,
    clock,
    log: pino({ level: 'debug' }, capture),
    secrets: testSecrets,
    config: loadConfig({}, '/nonexistent'),
    version: 'test',
  });
  const ctx = testContext(t.store, undefined, clock);
  const { secret } = await createApiToken({ ctx, input: { name: 'admin', role: 'admin' } });
  admin = { authorization: `Bearer ${secret}` };
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

it('writes no ping, webhook or link token into the request log', async () => {
  const hb = await app.inject({
    method: 'POST',
    url: '/api/v1/heartbeats',
    headers: admin,
    payload: { name: 'nightly load', schedule: { period: '1h' } },
  });
  expect(hb.statusCode, hb.body).toBe(201);
  const pingPath = new URL(hb.json().pingUrl).pathname;
  const hbToken = pingPath.split('/').pop() ?? '';
  const integration = await app.inject({
    method: 'POST',
    url: '/api/v1/integrations/inbound',
    headers: admin,
    payload: {
      name: 'grafana',
      mapping: { title: { path: 'title' }, status: { path: 'state' }, fingerprint: { path: 'id' } },
    },
  });
  expect(integration.statusCode, integration.body).toBe(201);
  const inPath = new URL(integration.json().url).pathname;
  const inToken = inPath.split('/').pop() ?? '';
  const linkToken = 'v1.c2lnbmVkLWxpbmstY2xhaW1z.c2lnbmF0dXJlLXNlY3JldA';

  const calls = [
    { method: 'GET', url: pingPath },
    { method: 'POST', url: `${pingPath}/start?rid=run-1` },
    { method: 'GET', url: `${pingPath}/fail?duration=3` },
    // An escaped underscore is the same token to the router: it must be hidden all the same.
    { method: 'GET', url: pingPath.replace('hb_', 'hb%5F') },
    { method: 'POST', url: inPath, payload: { title: 'disk full', state: 'firing', id: 'disk-1' } },
    { method: 'GET', url: `/api/v1/alert-links?token=${linkToken}` },
  ] as const;
  for (const call of calls) {
    const res = await app.inject({ ...call, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, `${call.method} ${call.url}`).toBeLessThan(500);
  }
  const log = lines.join('');
  // The requests are logged (the test would prove nothing otherwise) …
  expect(log).toContain('/api/v1/heartbeats/');
  expect(log).toContain('/api/v1/integrations/inbound/');
  expect(log).toContain('/api/v1/alert-links');
  // … without their secrets, whole or in part.
  for (const secret of [hbToken, inToken, linkToken]) {
    expect(secret.length).toBeGreaterThan(10);
    expect(log).not.toContain(secret);
    expect(log).not.toContain(secret.slice(3, 15));
  }
  expect(log).not.toContain(admin.authorization.slice(7));
  // What is not a secret stays readable: the run id and the route.
  expect(log).toContain('rid=run-1');
});

it('logs requests at debug, so the info log tells what Vigil did rather than every page load', async () => {
  const before = lines.length;
  await app.inject({ method: 'GET', url: '/healthz' });
  const written = lines.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string });
  const requestLines = written.filter((l) => l.msg === 'request completed');
  expect(requestLines.length).toBe(1);
  expect(requestLines[0]?.level).toBe(20);
  expect(written.filter((l) => l.level >= 30 && /request/.test(l.msg))).toEqual([]);
});
