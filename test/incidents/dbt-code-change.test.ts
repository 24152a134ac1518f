import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importDbt } from '../../src/services/catalog/import-dbt.js';
import { declareIncident } from '../../src/services/incidents/declare-incident.js';
import { whatChanged } from '../../src/services/incidents/what-changed.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';

const manifest = () =>
  JSON.parse(
    readFileSync(new URL('../../src/ingest/dbt/fixtures/manifest-v12.json', import.meta.url), 'utf8'),
  ) as { metadata: { generated_at: string }; nodes: Record<string, { checksum: { checksum: string } }> };

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('pglite');
});
afterAll(async () => {
  await t.dispose();
});

it('records dbt model checksums on import, so a model whose SQL changed ranks first in what changed', async () => {
  const ctx = testContext(t.store);
  await importDbt({ ctx, input: { manifest: manifest() } });
  // A new build of stg_orders at 08:50 changed its SQL; the others are as before.
  const next = manifest();
  next.metadata.generated_at = '2026-01-05T08:50:00Z';
  next.nodes['model.jaffle_shop.stg_orders']!.checksum.checksum = 'ab12cd34ef56ab12cd34';
  ctx.clock.set('2026-01-05T09:00:00Z');
  await importDbt({ ctx, input: { manifest: next } });
  const versions = await t.store.db.selectFrom('code_versions').selectAll().orderBy('seen_at').execute();
  expect(versions.filter((v) => v.note === 'model.jaffle_shop.stg_orders')).toHaveLength(2);

  const asset = async (id: string) =>
    (
      await t.store.db
        .selectFrom('assets')
        .select('name')
        .where('external_id', '=', id)
        .executeTakeFirstOrThrow()
    ).name;
  const orders = await asset('model.jaffle_shop.orders');
  const stg = await asset('model.jaffle_shop.stg_orders');
  const inc = await declareIncident({
    ctx,
    input: { title: 'Orders wrong', severity: 'SEV2', affectedAssets: [orders], startedAt: ctx.clock.now() },
  });
  const changed = await whatChanged(t.store.db, { id: inc.id });
  expect(changed.items[0]).toMatchObject({ kind: 'code_changed', asset: stg, distance: 1 });
  expect(changed.items[0]?.reason).toContain('10 min before the start, 1 hop upstream: dbt checksum');
  // Unchanged models are not changes.
  expect(changed.items.filter((i) => i.kind === 'code_changed')).toHaveLength(1);
});
