import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exited, runVigil, spawnVigil, waitForOutput } from '../support/cli.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'vigil-cli-'));

describe('vigil serve', { timeout: 240_000 }, () => {
  it('starts on an empty store, prints the admin token and URL, and keeps committed rows after SIGKILL', async () => {
    const dataDir = freshDir();
    const env = { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' };
    const first = spawnVigil(['serve'], env);
    const [, token] = await waitForOutput(first, /(vgl_[\w-]+)/);
    const [, url] = await waitForOutput(first, /running at (http:\/\/[\d.:]+)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (const name of ['orders_db', 'events_lake']) {
      const res = await fetch(`${url}/api/v1/sources`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name, kind: 'duckdb', config: {} }),
      });
      expect(res.status).toBe(201);
    }
    first.kill('SIGKILL');
    await exited(first);

    const second = spawnVigil(['serve'], env);
    const [, url2] = await waitForOutput(second, /running at (http:\/\/[\d.:]+)/);
    expect(second.output()).not.toContain('First start'); // the token from the first start still works
    const res = await fetch(`${url2}/api/v1/sources`, { headers });
    expect(res.status).toBe(200);
    const names = ((await res.json()) as { items: Array<{ name: string }> }).items.map((s) => s.name);
    expect(names).toEqual(['events_lake', 'orders_db']);
    const audit = await fetch(`${url2}/api/v1/audit?action=source.create`, { headers });
    expect(((await audit.json()) as { items: unknown[] }).items).toHaveLength(2);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  });

  it('takes VIGIL_ADMIN_TOKEN as the first admin token instead of printing one', async () => {
    const adminToken = 'vgl_configured-admin-token-0123456789';
    const child = spawnVigil(['serve'], {
      VIGIL_DATA_DIR: freshDir(),
      VIGIL_PORT: '0',
      VIGIL_ADMIN_TOKEN: adminToken,
    });
    const [, url] = await waitForOutput(child, /running at (http:\/\/[\d.:]+)/);
    expect(child.output()).not.toMatch(/vgl_\w/);
    const res = await fetch(`${url}/api/v1/tokens`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    await exited(child);
  });

  it('exits non-zero on a broken VIGIL_DATABASE_URL, naming host and reason but never the password', async () => {
    const cases: Array<[string, RegExp]> = [
      ['postgres://vigil:TopSecretPw@127.0.0.1:1/vigil', /127\.0\.0\.1:1\/vigil: connection refused/],
      [
        'postgres://vigil:TopSecretPw@no-such-host.invalid:5432/vigil',
        /no-such-host\.invalid:5432\/vigil: host name not found/,
      ],
    ];
    for (const [url, expected] of cases) {
      const { code, output } = await runVigil(['serve'], {
        VIGIL_DATABASE_URL: url,
        VIGIL_DATA_DIR: freshDir(),
      });
      expect(code).not.toBe(0);
      expect(output).toMatch(expected);
      expect(output).not.toContain('TopSecretPw');
    }
  });

  it('exits non-zero on a wrong config, listing every problem with its key path', async () => {
    const dir = freshDir();
    writeFileSync(
      join(dir, 'vigil.yaml'),
      'server:\n  port: eighty\n  colour: blue\nstore:\n  databaseUrl: mysql://x\n',
    );
    const { code, output } = await runVigil(['serve'], {}, dir);
    expect(code).toBe(2);
    expect(output).toContain('server.port');
    expect(output).toContain('server.colour');
    expect(output).toContain('store.databaseUrl');
  });

  it('names the line of a YAML syntax error', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'vigil.yaml'), 'server:\n  port: 8080\n   host: [unclosed\n');
    const { code, output } = await runVigil(['migrate'], {}, dir);
    expect(code).toBe(2);
    expect(output).toMatch(/vigil\.yaml \(line \d+, column \d+\)/);
  });
});

describe('vigil token', { timeout: 240_000 }, () => {
  it('creates a token of a role and prints it once; refuses an unknown role', async () => {
    const dir = freshDir();
    const env = { VIGIL_DATA_DIR: dir };
    const created = await runVigil(['token', 'create', '--role', 'viewer', '--name', 'grafana'], env);
    expect(created.code).toBe(0);
    expect(created.output).toMatch(/^vgl_[\w-]{20,}$/m);
    const listed = await runVigil(['token', 'list'], env);
    // A token's prefix is base64url: it may hold '-' and '_'.
    expect(listed.output).toMatch(/viewer\s+vgl_[\w-]+…\s+grafana/);
    const wrong = await runVigil(['token', 'create', '--role', 'root', '--name', 'x'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.output).toContain('--role must be one of viewer, responder, admin');
  });
});
