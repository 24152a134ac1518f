import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { SYSTEM_ACTOR } from '../../src/domain/roles.js';
import { declareIncident } from '../../src/services/incidents/declare-incident.js';
import { openStore } from '../../src/store/database.js';
import { runVigil } from '../support/cli.js';
import { testContext } from '../support/stores.js';

describe('vigil postmortem', { timeout: 300_000 }, () => {
  it('drafts and prints the postmortem as Markdown, and names an unknown incident', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pm-'));
    const dataDir = join(dir, '.vigil');
    const env = { VIGIL_DATA_DIR: dataDir };
    const store = await openStore({ dataDir });
    await store.migrate();
    const ctx = testContext(store, SYSTEM_ACTOR, new ManualClock(new Date()));
    const { id } = await declareIncident({
      ctx,
      input: { title: 'Orders duplicated', severity: 'SEV2', affectedAssets: ['main.orders'] },
    });
    await store.close();

    const md = await runVigil(['postmortem', id, '--draft', '--markdown'], env, dir);
    expect(md.code).toBe(0);
    expect(md.output).toMatch(/^# Postmortem: Orders duplicated/);
    expect(md.output).toContain('## Root cause and five whys');

    const missing = await runVigil(['postmortem', 'inc_nope'], env, dir);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('incident inc_nope has no postmortem yet');
  });
});
