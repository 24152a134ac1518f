import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { exited, spawnVigil, waitForOutput } from '../support/cli.js';

/**
 * The delivery guarantee, end to end: a real `vigil serve` delivering a stream of notifications to
 * three local receivers is killed with SIGKILL mid-stream and started again on the same store.
 */
const N = 40;
const TOKEN = 'vgl_kill-restart-admin-token-0123456789';
const fixture = JSON.parse(
  readFileSync(
    new URL('../../src/ingest/alertmanager/fixtures/webhook-firing.json', import.meta.url),
    'utf8',
  ),
) as { alerts: Array<Record<string, unknown>> };

const until = async (what: string, ok: () => boolean, ms = 150_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('kill -9 during delivery', { timeout: 480_000 }, () => {
  let slack: Receiver;
  let hook: Receiver;
  let pd: Receiver;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
  const env = { VIGIL_DATA_DIR: join(dir, '.vigil'), VIGIL_PORT: '0', VIGIL_ADMIN_TOKEN: TOKEN };
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    [slack, hook, pd] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
    writeFileSync(join(dir, 'vigil.yaml'), 'security:\n  allowOutboundCidrs: ["127.0.0.0/8"]\n');
  });
  afterAll(async () => {
    await Promise.all([slack.close(), hook.close(), pd.close()]);
  });

  // Distinct alerts seen by each receiver, and how often each arrived.
  const slackKeys = () => slack.requests.map((r) => /\[FIRING\] (alert-\d+)/.exec(r.body)?.[1] ?? '?');
  const hookKeys = () => hook.requests.map((r) => String(r.headers['idempotency-key']));
  const pdTriggers = () =>
    pd.requests
      .map((r) => JSON.parse(r.body) as { event_action: string; dedup_key: string })
      .filter((e) => e.event_action === 'trigger');
  const counts = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };

  it('loses no notification; PagerDuty gets one alert per dedup_key; others repeat at most once', async () => {
    const first = spawnVigil(['serve'], env, dir);
    const [, url] = await waitForOutput(first, /running at (http:\/\/[\d.:]+)/, 150_000);
    const post = async (path: string, body: unknown, method = 'POST') => {
      const res = await fetch(`${url}${path}`, { method, headers, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    };
    // A rate limit per channel spreads the stream out, so the kill lands in the middle of it.
    const rateLimit = { perMinute: 600, burst: 1 };
    await post('/api/v1/channels', {
      name: 'slack',
      kind: 'slack',
      config: { url: `${slack.origin}/services/T0/B0/X`, rateLimit },
    });
    await post('/api/v1/channels', {
      name: 'hook',
      kind: 'webhook',
      config: { url: `${hook.origin}/in`, rateLimit },
    });
    await post('/api/v1/channels', {
      name: 'pd',
      kind: 'pagerduty',
      config: {
        routingKey: 'R0UTINGKEY0123456789abcdefABCDEF',
        eventsUrl: `${pd.origin}/v2/enqueue`,
        rateLimit,
      },
    });
    await post(
      '/api/v1/routing',
      { route: { receiver: ['slack', 'hook', 'pd'], group_by: ['alertname'], group_wait: '0s' } },
      'PUT',
    );
    const template = fixture.alerts[0] as { labels: Record<string, string> };
    const alerts = Array.from({ length: N }, (_, i) => ({
      ...template,
      labels: { ...template.labels, alertname: `alert-${i}` },
      annotations: { summary: `alert-${i}` },
      fingerprint: `fp${String(i).padStart(4, '0')}`,
    }));
    await post('/api/v1/integrations/alertmanager', { ...fixture, alerts });

    await until('the stream to start', () => hook.requests.length >= 8);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = { slack: slack.requests.length, hook: hook.requests.length, pd: pd.requests.length };
    expect(atKill.hook).toBeLessThan(N); // killed mid-stream

    const second = spawnVigil(['serve'], env, dir);
    await waitForOutput(second, /running at (http:\/\/[\d.:]+)/, 150_000);
    try {
      await until(
        'every notification after the restart',
        () =>
          counts(slackKeys()).size === N &&
          counts(hookKeys()).size === N &&
          counts(pdTriggers().map((e) => e.dedup_key)).size === N,
      );
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
    for (const keys of [slackKeys(), hookKeys()]) {
      const c = counts(keys);
      expect(c.size).toBe(N); // nothing lost
      expect(Math.max(...c.values())).toBeLessThanOrEqual(2); // at most one repeat
    }
    // PagerDuty: one alert per dedup_key — a trigger repeated after the crash names the same key,
    // which PagerDuty folds into the open alert instead of paging twice.
    const pdKeys = counts(pdTriggers().map((e) => e.dedup_key));
    expect(pdKeys.size).toBe(N);
    expect(Math.max(...pdKeys.values())).toBeLessThanOrEqual(2);
  });
});
