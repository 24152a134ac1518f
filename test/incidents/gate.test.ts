import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { SYSTEM_ACTOR } from '../../src/domain/roles.js';
import { declareIncident } from '../../src/services/incidents/declare-incident.js';
import { listTimeline } from '../../src/services/incidents/timeline.js';
import { resolveIncident } from '../../src/services/incidents/update-incident.js';
import { openStore } from '../../src/store/database.js';
import { runVigil } from '../support/cli.js';
import { testContext } from '../support/stores.js';

/** Opens the CLI's own embedded store in this process for one piece of work, then lets it go. */
async function withStore<T>(dataDir: string, work: (ctx: ReturnType<typeof testContext>) => Promise<T>) {
  const store = await openStore({ dataDir });
  await store.migrate();
  try {
    return await work(testContext(store, SYSTEM_ACTOR, new ManualClock(new Date())));
  } finally {
    await store.close();
  }
}

describe('vigil gate', { timeout: 300_000 }, () => {
  it('exits 1 while an open incident lists the asset and 0 after it resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-gate-'));
    const dataDir = join(dir, '.vigil');
    const env = { VIGIL_DATA_DIR: dataDir };
    const id = await withStore(dataDir, async (ctx) => {
      const inc = await declareIncident({
        ctx,
        input: { title: 'Orders duplicated', severity: 'SEV2', affectedAssets: ['main.orders'] },
      });
      return inc.id;
    });

    const blocked = await runVigil(
      ['gate', 'main.orders', '--upstream', '--caller', 'nightly-load'],
      env,
      dir,
    );
    expect(blocked.output).toContain('main.orders: unhealthy');
    expect(blocked.output).toContain(`incident ${id} (SEV2, triage): Orders duplicated`);
    expect(blocked.code).toBe(1);

    await withStore(dataDir, async (ctx) => {
      const gate = (await listTimeline({ ctx, input: { id } })).at(-1);
      expect(gate).toMatchObject({
        kind: 'gate',
        actor: 'nightly-load',
        message: 'gate blocked main.orders for nightly-load',
      });
      await resolveIncident({ ctx, input: { id } });
    });

    const open = await runVigil(['gate', 'main.orders'], env, dir);
    expect(open.output).toContain('main.orders: healthy');
    expect(open.code).toBe(0);
  });
});
