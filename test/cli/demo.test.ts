import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, spawnVigil, waitForOutput } from '../support/cli.js';

/**
 * `vigil demo` (what `npm start` runs) from a folder with nothing in it: it comes up with the
 * server, the worker and the demo workspace, prints the URL and the admin token, and stops on
 * SIGINT with its state saved for the next start.
 */
describe('vigil demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { VIGIL_DATA_DIR: join(dir, '.vigil'), VIGIL_PORT: '0' };

  it('starts the demo, prints the URL and the token, and stops cleanly', async () => {
    const first = spawnVigil(['demo', '--speed', '600'], env, dir);
    try {
      const [, url] = await waitForOutput(first, /running at (http:\/\/\S+)/, 240_000);
      const [, token] = await waitForOutput(first, /Admin API token[^:]*: (\S+)/);
      const auth = { authorization: `Bearer ${token}` };
      const monitors = (await (await fetch(`${url}/api/v1/monitors`, { headers: auth })).json()) as {
        items: Array<{ asset: string }>;
      };
      expect(monitors.items.length).toBeGreaterThanOrEqual(10);
      expect(monitors.items.map((m) => m.asset)).toContain('duckdb://shop/raw.orders');
      const channels = (await (await fetch(`${url}/api/v1/channels`, { headers: auth })).json()) as {
        items: Array<{ name: string; kind: string }>;
      };
      expect(channels.items).toEqual([expect.objectContaining({ name: 'demo-inbox', kind: 'inbox' })]);
      const slos = (await (await fetch(`${url}/api/v1/slos`, { headers: auth })).json()) as {
        items: Array<{ name: string }>;
      };
      expect(slos.items.map((s) => s.name).sort()).toEqual([
        'orders-fresh',
        'payment-amounts-valid',
        'revenue-mart-fresh',
      ]);
      const inbox = (await (await fetch(`${url}/api/v1/inbox`, { headers: auth })).json()) as {
        channels: string[];
      };
      expect(inbox.channels).toEqual(['demo-inbox']);
      expect(first.output()).toMatch(/Scheduled incidents/);
      first.kill('SIGINT');
      expect(await exited(first)).toBe(0);
      expect(existsSync(join(dir, '.vigil', 'demo', 'demo.json'))).toBe(true);
    } finally {
      if (first.exitCode === null) first.kill('SIGKILL');
    }
  }, 600_000);
});
