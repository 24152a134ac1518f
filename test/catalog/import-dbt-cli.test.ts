import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVigil } from '../support/cli.js';

const fixtures = new URL('../../src/ingest/dbt/fixtures/', import.meta.url);

describe('vigil import dbt', { timeout: 240_000 }, () => {
  it('imports a target folder, and names a dbt version it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-dbt-'));
    const target = join(dir, 'target');
    mkdirSync(target);
    copyFileSync(new URL('manifest-v12.json', fixtures), join(target, 'manifest.json'));
    copyFileSync(new URL('run-results-v6.json', fixtures), join(target, 'run_results.json'));
    copyFileSync(new URL('sources-v3.json', fixtures), join(target, 'sources.json'));
    const env = { VIGIL_DATA_DIR: join(dir, '.vigil') };

    const ok = await runVigil(['import', 'dbt', '--target-dir', target], env, dir);
    expect(ok.output).toMatch(
      /imported dbt project jaffle_shop: \d+ assets, \d+ lineage edges, \d+ check results; [1-9]\d* alert\(s\) fired/,
    );
    expect(ok.code).toBe(0);

    const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
    manifest.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/manifest/v13.json';
    writeFileSync(join(target, 'manifest.json'), JSON.stringify(manifest));
    const bad = await runVigil(['import', 'dbt', '--target-dir', target], env, dir);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(
      /manifest\.json: metadata\.dbt_schema_version: dbt manifest v13 is not supported/,
    );
  });
});
