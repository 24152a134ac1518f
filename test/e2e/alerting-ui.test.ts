import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, chromiumPath, startBrowserSession } from '../support/browser.js';

/**
 * Alerting in a real browser against an in-process Vigil that may reach 127.0.0.0/8: a webhook
 * channel pointing at a local receiver gets a test message; alerts from Alertmanager show on the
 * Alerts page, are acknowledged and silenced from it; the silence is listed; the routing editor
 * names each problem's path and line. The tests run in order and build on each other.
 */

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A local HTTP receiver that keeps every JSON POST it is sent. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

/** An Alertmanager webhook payload, version 4, as Alertmanager sends it. */
function alertmanagerPayload(
  alerts: Array<{ labels: Record<string, string>; summary: string; fingerprint: string }>,
) {
  return {
    version: '4',
    groupKey: '{}:{alertname="OrdersLate"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'vigil',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((a) => ({
      status: 'firing',
      labels: a.labels,
      annotations: { summary: a.summary },
      startsAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

describe.skipIf(!chromiumPath)('alerting in the web UI', () => {
  let s: BrowserSession;
  let page: Page;
  let base: string;
  let admin: string;
  let responder: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const shot = (name: string) => s.shot(name);
  const heading = (name: string | RegExp) => s.heading(name);
  const settingsTab = (name: string) =>
    page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name, exact: true });
  const api = async (token: string, method: string, path: string, body?: unknown) =>
    (await s.api(method, path, body, token)) as Record<string, unknown>;

  beforeAll(async () => {
    receiver = await startReceiver();
    // The receiver listens on loopback.
    s = await startBrowserSession({ allowLoopback: true });
    ({ page, baseUrl: base, token: admin } = s);
    responder = String(
      (await api(admin, 'POST', '/api/v1/tokens', { name: 'alertmanager', role: 'responder' })).secret,
    );
  });

  afterAll(async () => {
    await s?.close();
    await new Promise((r) => receiver?.server.close(r));
  });

  it('adds a webhook channel, shows the SSRF refusal inline, and delivers a test message', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
    await heading('Settings').waitFor();
    await page.getByText('No channels yet').waitFor();
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ops-hook');
    await page.getByLabel('Kind').selectOption('webhook');
    // A cloud metadata address is outside the allowed range: the API says why, next to the form.
    await page.getByLabel('URL', { exact: true }).fill('http://169.254.169.254/latest/meta-data');
    await page.getByRole('button', { name: 'Add channel' }).click();
    const refusal = page.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toMatch(/link-local|metadata/i);
    expect(await refusal.textContent()).toContain('body.config.url');

    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('Description').fill('the on-call webhook');
    await page.getByRole('button', { name: 'Add channel' }).click();
    const row = page.getByRole('row', { name: /ops-hook/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('url'); // listed as a secret that is set, never shown
    expect(await row.textContent()).not.toContain(receiver.url);

    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toContain('Delivered (HTTP 200)');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      path: '/hook',
      body: { version: '1', type: 'test', title: 'Vigil test message to ops-hook' },
    });
    await shot('channels');
  });

  it('shows alerts from Alertmanager grouped by alert name, with search and the overview counts', async () => {
    await api(
      responder,
      'POST',
      '/api/v1/integrations/alertmanager',
      alertmanagerPayload([
        {
          labels: { alertname: 'OrdersLate', severity: 'critical', service: 'orders', asset: 'shop.orders' },
          summary: 'No new orders for 40 minutes',
          fingerprint: 'aa00000000000001',
        },
        {
          labels: { alertname: 'HighErrorRate', severity: 'warning', service: 'checkout', instance: 'web-1' },
          summary: '5xx above 5 % on checkout web-1',
          fingerprint: 'aa00000000000002',
        },
        {
          labels: { alertname: 'HighErrorRate', severity: 'warning', service: 'checkout', instance: 'web-2' },
          summary: '5xx above 5 % on checkout web-2',
          fingerprint: 'aa00000000000003',
        },
      ]),
    );

    await page.goto(`${base}/`);
    await page.locator('.stat-sev-page .stat-value').waitFor();
    await expect.poll(() => page.locator('.stat-sev-page .stat-value').textContent()).toBe('1');
    expect(await page.locator('.stat-sev-ticket .stat-value').textContent()).toBe('2');
    expect(await page.locator('.stat-dead .stat-value').textContent()).toBe('0');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await heading('Alerts').waitFor();
    const group = page.getByRole('region', { name: 'HighErrorRate' });
    await group.getByRole('link', { name: '5xx above 5 % on checkout web-2' }).waitFor();
    expect(await group.getByRole('row').count()).toBe(3); // a header and two alerts
    expect(await page.getByRole('navigation', { name: 'Alert status' }).textContent()).toContain('Firing3');

    await page.getByLabel('Search').fill('orders');
    await expect.poll(() => page.getByRole('link', { name: /5xx above/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'No new orders for 40 minutes' }).waitFor();
    await page.getByLabel('Search').fill('');
    await page.getByRole('link', { name: /web-1/ }).waitFor();
  });

  it('acknowledges an alert and silences it from the page with matchers from its labels', async () => {
    const row = page.getByRole('row', { name: /No new orders/ });
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => row.textContent()).toContain('acknowledged by');
    await shot('alerts');

    await row.getByRole('button', { name: 'Silence…' }).click();
    const form = page.getByRole('form', { name: 'New silence' });
    expect(await form.getByLabel('Matchers').inputValue()).toBe('alertname="OrdersLate"\nservice="orders"');
    await form.getByLabel('Duration').selectOption({ label: '2 hours' });
    await form.getByLabel('Comment').fill('orders backfill running, ends by noon');
    await form.getByRole('button', { name: 'Create silence' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Silenced alertname="OrdersLate"');

    // It leaves the firing tab for "silenced or held", with the silence's reason.
    await page.getByRole('link', { name: 'No new orders for 40 minutes' }).waitFor({ state: 'detached' });
    await page
      .getByRole('navigation', { name: 'Alert status' })
      .getByRole('link', { name: /Silenced or held/ })
      .click();
    const held = page.getByRole('row', { name: /No new orders/ });
    await held.waitFor();
    expect(await held.textContent()).toContain('silenced until');

    // The detail view: labels and the history of the alert.
    await held.getByRole('link', { name: 'No new orders for 40 minutes' }).click();
    await heading(/No new orders/).waitFor();
    const history = page.getByRole('table', { name: 'History' });
    await history.getByText('acknowledged', { exact: true }).waitFor();
    expect(await history.getByText('fired', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Labels' }).textContent()).toContain('shop.orders');
    await shot('alert-detail');
  });

  it('lists the silence as active and expires it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Silences' }).click();
    const row = page.getByRole('row', { name: /OrdersLate/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('active');
    expect(await row.textContent()).toContain('orders backfill running');
    await shot('silences');

    await row.getByRole('button', { name: 'Expire' }).click();
    await row.getByRole('button', { name: 'Expire now' }).click();
    await page.getByText('No active or pending silences').waitFor();
    await page.getByLabel('Show expired').check();
    expect(await page.getByRole('row', { name: /OrdersLate/ }).textContent()).toContain('expired');
  });

  it('edits the routing tree, naming each problem with its path and line, then saves it', async () => {
    await settingsTab('Routing').click();
    await page.getByText('No routing is configured').waitFor();
    const text = page.getByLabel(/Routing tree/);
    expect(await text.inputValue()).toContain('"ops-hook"');

    const bad = {
      route: {
        receiver: ['ops-hook'],
        group_by: ['monitor'],
        routes: [{ matchers: ['severity="page"'], receiver: ['pager'], group_wait: 'soon' }],
      },
    };
    await text.fill(JSON.stringify(bad, null, 2));
    await page.getByRole('button', { name: 'Save routing' }).click();
    const problems = page.getByRole('complementary', { name: 'Problems' });
    await problems.getByText('route.routes[0].group_wait').waitFor();
    expect(await problems.textContent()).toContain('route.routes[0].receiver[0]');
    // Each path is tied to its line in the text: group_wait is on line 17 of that JSON.
    expect(await problems.textContent()).toMatch(/route\.routes\[0\]\.group_wait line 17/);
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('routing');

    const good = {
      ...bad,
      route: { ...bad.route, routes: [{ matchers: ['severity="page"'], receiver: ['ops-hook'] }] },
    };
    await text.fill(JSON.stringify(good, null, 2));
    await page.getByRole('button', { name: 'Save routing' }).click();
    await expect.poll(() => problems.getByRole('status').textContent()).toContain('Saved');
    await page.reload();
    await page.getByText('A routing tree is saved').waitFor();
    expect(JSON.parse(await page.getByLabel(/Routing tree/).inputValue())).toEqual(good);
  });
});
