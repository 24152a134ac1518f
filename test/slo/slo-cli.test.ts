import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runVigil } from '../support/cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('vigil slo', { timeout: 300_000 }, () => {
  it('imports a file, exports OpenSLO, writes rules, applies vigil.yaml slos and names problems by line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-slo-'));
    const env = { VIGIL_DATA_DIR: join(dir, '.vigil') };

    const imported = await runVigil(['slo', 'import', fixture('openslo.yaml')], env, dir);
    expect(imported.output).toContain('4 created, 0 updated, 0 unchanged');
    expect(imported.code).toBe(0);

    const exported = await runVigil(['slo', 'export', 'orders-fresh'], env, dir);
    expect(exported.code).toBe(0);
    expect(parse(exported.output)).toMatchObject({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name: 'orders-fresh', annotations: { 'vigil.dev/owner': 'data-team' } },
      spec: {
        service: 'orders',
        budgetingMethod: 'Timeslices',
        timeWindow: [{ duration: '28d', isRolling: true }],
      },
    });
    writeFileSync(join(dir, 'again.yaml'), exported.output);
    const again = await runVigil(['slo', 'import', 'again.yaml'], env, dir);
    expect(again.output).toContain('0 created, 0 updated, 1 unchanged');

    const rules = await runVigil(['slo', 'rules', 'orders-fresh'], env, dir);
    expect(rules.code).toBe(0);
    expect(parse(rules.output).groups.map((g: { name: string }) => g.name)).toEqual([
      'sloth-slo-sli-recordings-orders-orders-fresh',
      'sloth-slo-meta-recordings-orders-orders-fresh',
      'sloth-slo-alerts-orders-orders-fresh',
    ]);

    const bad = await runVigil(['slo', 'import', fixture('invalid.yaml')], env, dir);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('invalid.yaml line 9: spec.timeWindow[0].duration: a duration such as 30d');

    writeFileSync(
      join(dir, 'vigil.yaml'),
      [
        'slos:',
        '  - name: users-complete',
        '    service: users',
        '    indicator: { kind: completeness, monitor: users-volume, expectedRows: 1000 }',
        '    objective: { target: 0.995 }',
      ].join('\n'),
    );
    const applied = await runVigil(['apply'], env, dir);
    expect(applied.output).toContain('+ slo users-complete');
    expect(applied.code).toBe(0);
    expect((await runVigil(['slo', 'export', 'users-complete'], env, dir)).output).toContain(
      'kind: completeness',
    );
  });
});
