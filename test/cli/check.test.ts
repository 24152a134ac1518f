import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVigil } from '../support/cli.js';
import { duckdbExec } from '../support/duckdb-file.js';

const CONFIG = `
sources:
  - name: shop
    kind: duckdb
    path: ./shop.duckdb
monitors:
  - name: orders have no duplicate ids
    kind: custom_sql
    source: shop
    asset: main.orders
    labels: { tag: nightly }
    config:
      mode: failing_rows
      sql: select id, count(*) as n from main.orders group by id having count(*) > 1
  - name: orders amount is never null
    kind: column_health
    source: shop
    asset: main.orders
    labels: { tag: nightly }
    config:
      columns: [amount]
      metrics: [null_rate]
      bounds: { amount.null_rate: { max: 0.01 } }
  - name: orders volume
    kind: threshold
    source: shop
    asset: main.orders
    config: { metric: row_count, bounds: { min: 3 } }
`;

describe('vigil check', { timeout: 240_000 }, () => {
  it('exits 0 on good data and 1 with a readable table of failing monitors on bad data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-check-'));
    writeFileSync(join(dir, 'vigil.yaml'), CONFIG);
    const env = { VIGIL_DATA_DIR: join(dir, '.vigil') };
    await duckdbExec(join(dir, 'shop.duckdb'), [
      'create table orders (id integer, amount double, created_at timestamp)',
      'insert into orders values (1, 10.5, now()), (2, 20, now()), (3, 7.25, now()), (4, 3, now())',
    ]);
    const good = await runVigil(['check'], env, dir);
    expect(good.output).toMatch(/3 monitors: 3 passed, 0 failed, 0 errors/);
    expect(good.code).toBe(0);

    await duckdbExec(join(dir, 'shop.duckdb'), [
      'insert into orders values (2, null, now()), (5, null, now())',
    ]);
    const bad = await runVigil(['check', '--select', 'tag:nightly'], env, dir);
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/STATUS\s+MONITOR\s+ASSET\s+OBSERVED\s+EXPECTED\s+MESSAGE/);
    expect(bad.output).toMatch(
      /FAIL\s+orders have no duplicate ids\s+main\.orders\s+1\s+0\s+1 row\(s\) break the rule/,
    );
    expect(bad.output).toMatch(
      /FAIL\s+orders amount is never null\s+main\.orders\s+0\.3333\s+≤ 0\.01\s+amount null_rate 0\.3333 is above the maximum 0\.01/,
    );
    expect(bad.output).toMatch(/2 monitors: 0 passed, 2 failed, 0 errors/);
    expect(bad.output).not.toContain('orders volume'); // not selected

    const json = await runVigil(['check', '--json', '--select', 'monitor:orders volume'], env, dir);
    expect(JSON.parse(json.output.slice(json.output.indexOf('{')))).toMatchObject({
      failed: 0,
      errors: 0,
      results: [{ monitor: 'orders volume', status: 'pass', observed: 6 }],
    });
  });

  it('exits 2 and names the table when a monitor watches a table that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-check-'));
    writeFileSync(join(dir, 'vigil.yaml'), CONFIG.replaceAll('main.orders', 'main.missing_orders'));
    await duckdbExec(join(dir, 'shop.duckdb'), ['create table orders (id integer)']);
    const res = await runVigil(
      ['check', '--select', 'monitor:orders volume'],
      { VIGIL_DATA_DIR: join(dir, '.vigil') },
      dir,
    );
    expect(res.code).toBe(2);
    expect(res.output).toMatch(/ERROR\s+orders volume\s+main\.missing_orders.*missing_orders/);
  });

  it('refuses declarations with problems, naming each path, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-apply-'));
    writeFileSync(
      join(dir, 'vigil.yaml'),
      'sources:\n  - name: shop\n    kind: duckdb\n    path: 7\nmonitors:\n  - name: m\n    kind: volume\n    source: nowhere\n    asset: t\n    config: { on: everything }\n',
    );
    const res = await runVigil(['apply', '--dry-run'], { VIGIL_DATA_DIR: join(dir, '.vigil') }, dir);
    expect(res.code).toBe(2);
    expect(res.output).toContain('sources[0].path');
    expect(res.output).toContain('monitors[0].config.on');
    expect(res.output).toContain('monitors[0].source: no source named nowhere');
  });
});
