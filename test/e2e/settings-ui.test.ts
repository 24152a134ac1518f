import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, chromiumPath, startBrowserSession } from '../support/browser.js';

/**
 * Editing and creating from the UI, in a real browser against an in-process Vigil on a fresh
 * embedded store: an incident's summary and data impact, an on-call schedule and an escalation
 * policy, a maintenance window, an SLO; and signing out, which revokes the password session.
 */
describe.skipIf(!chromiumPath)('settings and editing in Chromium', () => {
  let s: BrowserSession;
  let page: Page;
  let base: string;
  let incidentId = '';

  const heading = (name: string | RegExp) => s.heading(name);
  const api = (method: string, path: string, body?: unknown) => s.api(method, path, body);

  beforeAll(async () => {
    // The on-call contact is an email channel on loopback, which the SSRF guard refuses unless
    // allowed; the suite signs in with a user's password, not the admin token.
    s = await startBrowserSession({ allowLoopback: true, signIn: false });
    page = s.page;
    base = s.baseUrl;

    const incident = await api('POST', '/api/v1/incidents', {
      title: 'Orders table late',
      severity: 'SEV3',
      affectedAssets: ['warehouse/main.orders'],
    });
    incidentId = String(incident?.id);
    await api('POST', '/api/v1/channels', {
      name: 'data-oncall',
      kind: 'email',
      config: { host: 'localhost', port: 2525, from: 'vigil@example.com', to: ['oncall@example.com'] },
    });
    await api('POST', '/api/v1/users', {
      name: 'ops.lead',
      password: 'a long enough password',
      role: 'admin',
    });

    await page.goto(`${base}/`);
    await page.getByRole('tab', { name: 'User name and password' }).click();
    await page.getByLabel('User name').fill('ops.lead');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await heading('Overview').waitFor();
  }, 180_000);

  afterAll(async () => {
    await s?.close();
  });

  it("edits an incident's summary and data impact; both show on the timeline", async () => {
    await page.goto(`${base}/incidents/${incidentId}`);
    await heading(/Orders table late/).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Edit incident details' });
    await form.getByLabel('Title').fill('Orders table late after the loader upgrade');
    await form.getByLabel('Summary').fill('Orders stopped loading at 02:00; finance dashboards are stale.');
    await form.getByRole('button', { name: 'Save details' }).click();
    await heading(/after the loader upgrade/).waitFor();
    await page.locator('.lead', { hasText: 'finance dashboards are stale' }).waitFor();
    await page
      .locator('.tl-event')
      .filter({ hasText: 'summary changed: Orders stopped loading at 02:00' })
      .waitFor();

    await page.getByRole('button', { name: 'Edit impact' }).click();
    const impact = page.getByRole('form', { name: 'Edit data impact' });
    await impact.getByLabel('Rows affected').fill('12500');
    await impact.getByLabel('Backfill').selectOption('pending');
    await impact.getByLabel('Consumers').fill('finance dashboard');
    await impact.getByRole('button', { name: 'Save impact' }).click();
    await page.getByRole('region', { name: 'Data impact' }).getByText('12,500').waitFor();
    await page.locator('.tl-event').filter({ hasText: 'data impact: rowsAffected 12500' }).waitFor();
  });

  it('creates an on-call schedule and an escalation policy, and shows who is on call', async () => {
    await page.goto(`${base}/settings/on-call`);
    await heading('On call').waitFor();
    await page.getByText('No on-call schedules').waitFor();
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Schedule name').fill('data-platform');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('Participants').fill('ana, bo');
    await form.getByLabel('First hand-off').fill('2026-01-05');
    await form.getByLabel('Hand-off time').fill('09:00');
    await form.getByLabel('Shift length').fill('1w');
    await form.getByLabel('Channel for bo').selectOption('data-oncall');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved schedule data-platform' }).waitFor();
    await page
      .getByRole('region', { name: /data-platform/ })
      .getByText(/on primary until/)
      .waitFor();

    await page.getByRole('button', { name: 'New escalation policy' }).click();
    const policy = page.getByRole('form', { name: 'New escalation policy' });
    await policy.getByLabel('Policy name').fill('pages');
    await policy.getByLabel('Pages it covers').fill('severity="page"');
    // A target that does not exist is refused, with the message next to its field.
    await policy.getByLabel('Level 1 targets').fill('schedule:nobody');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await policy.locator('.field-error', { hasText: 'no schedule named nobody' }).waitFor();
    await policy.getByLabel('Level 1 targets').fill('schedule:data-platform');
    await policy.getByRole('button', { name: 'Add level' }).click();
    await policy.getByLabel('Level 2 targets').fill('data-oncall');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved escalation policy pages' }).waitFor();
    await page
      .getByRole('region', { name: 'Escalation policies' })
      .getByText('schedule:data-platform after 15 min → data-oncall after 30 min')
      .waitFor();
    await s.shot('on-call');
    const saved = (await api('GET', '/api/v1/schedules')) as { items: Array<{ contacts: object }> };
    expect(saved.items[0]?.contacts).toEqual({ ana: 'data-oncall', bo: 'data-oncall' });
  });

  it('opens a maintenance window and ends it', async () => {
    await page.goto(`${base}/settings/maintenance`);
    await heading('Maintenance windows').waitFor();
    await page.getByText('No open or planned maintenance').waitFor();
    await page.getByRole('button', { name: 'New maintenance window' }).click();
    const form = page.getByRole('form', { name: 'New maintenance window' });
    await form.getByLabel('Asset').fill('warehouse/main.orders');
    await form.getByLabel('Reason').fill('backfill of March');
    await form.getByLabel('Lasts').fill('two hours');
    await form.getByRole('button', { name: 'Open maintenance window' }).click();
    await form.locator('.field-error', { hasText: 'duration' }).waitFor();
    await form.getByLabel('Lasts').fill('4h');
    await form.getByRole('button', { name: 'Open maintenance window' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Maintenance on asset warehouse/main.orders' })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'backfill of March' });
    expect(await row.locator('.badge').textContent()).toBe('open');

    await page.getByRole('button', { name: 'New maintenance window' }).click();
    await page.getByLabel('On', { exact: true }).selectOption('source');
    await page.getByLabel('Source').fill('warehouse');
    await page.getByLabel('Reason').fill('weekly vacuum');
    await page.getByLabel('Recurring').check();
    await page.getByLabel('Each lasts').fill('1h');
    await page.getByRole('button', { name: 'Open maintenance window' }).click();
    await page.getByRole('row').filter({ hasText: 'weekly vacuum' }).getByText('0 2 * * 0').waitFor();
    await s.shot('maintenance');

    await row.getByRole('button', { name: 'End now' }).click();
    await row.getByRole('button', { name: 'End window' }).click();
    await page.getByRole('status').filter({ hasText: 'Ended the maintenance window' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'backfill of March' }).waitFor({ state: 'detached' });
    await page.getByLabel('Show ended').check();
    await page.getByRole('row').filter({ hasText: 'backfill of March' }).getByText('ended').waitFor();
  });

  it('creates an SLO, with field errors shown next to their fields, and opens it', async () => {
    await page.goto(`${base}/slos`);
    await heading('SLOs').waitFor();
    await page.getByRole('button', { name: 'New SLO' }).click();
    const form = page.getByRole('form', { name: 'New SLO' });
    await form.getByLabel('Name', { exact: true }).fill('Incidents Fast');
    await form.getByLabel('Service').fill('data-platform');
    await form.getByLabel('Indicator').selectOption('incident_acknowledged');
    await form.getByLabel('Within').fill('15m');
    await form.getByLabel('Target (%)').fill('120');
    await form.getByRole('button', { name: 'Create SLO' }).click();
    await form.locator('.field-error', { hasText: 'above 0 and below 100' }).waitFor();
    await form.getByLabel('Target (%)').fill('99.5');
    await form.getByRole('button', { name: 'Create SLO' }).click();
    await form.locator('.field-error', { hasText: 'lowercase letters' }).waitFor();
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Name', { exact: true }).fill('incidents-acknowledged');
    await form.getByRole('button', { name: 'Create SLO' }).click();
    await page.getByRole('status').getByRole('link', { name: 'incidents-acknowledged' }).click();
    await heading('incidents-acknowledged').waitFor();
    expect(await page.locator('.kv').textContent()).toContain('99.50%');
  });

  it('signs out, and the old session token is refused', async () => {
    const old = (await page.evaluate("localStorage.getItem('vigil.token')")) as string;
    const before = await fetch(`${base}/api/v1/incidents`, { headers: { authorization: `Bearer ${old}` } });
    expect(before.status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('tablist', { name: 'Sign-in method' }).waitFor();
    const after = await fetch(`${base}/api/v1/incidents`, { headers: { authorization: `Bearer ${old}` } });
    expect(after.status).toBe(401);
  });
});
