import type { Store } from '../../src/store/database.js';

/** Catalog rows and lineage edges written straight to the store, as the catalog would hold them. */
export async function seedAssets(
  store: Store,
  at: Date,
  assets: Array<{ name: string; type?: string; owner?: string; domain?: string }>,
  edges: Array<{ from: string; to: string; via?: string }>,
): Promise<void> {
  for (const a of assets)
    await store.db
      .insertInto('assets')
      .values({
        id: `ast_${a.name.replace(/\W/g, '_')}`,
        name: a.name,
        namespace: 'test',
        type: a.type ?? 'table',
        description: '',
        owner: a.owner ?? null,
        domain: a.domain ?? null,
        tags: '[]',
        columns: '[]',
        origin: 'api',
        external_id: null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      })
      .execute();
  for (const e of edges)
    await store.db
      .insertInto('lineage_edges')
      .values({
        from_asset: e.from,
        to_asset: e.to,
        via_job: e.via ?? '',
        columns: '[]',
        first_seen: at,
        last_seen: at,
      })
      .execute();
}

/** A channel row, enough for the outbox to address it (delivery is not exercised here). */
export async function seedChannel(store: Store, name: string, at: Date): Promise<void> {
  await store.db
    .insertInto('channels')
    .values({
      id: `chn_${name}`,
      name,
      kind: 'webhook',
      description: '',
      config: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
      secrets: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      deleted_by: null,
    })
    .execute();
}

export async function outboxTexts(
  store: Store,
): Promise<Array<{ key: string; title: string; text: string }>> {
  const rows = await store.db
    .selectFrom('outbox')
    .select(['idempotency_key', 'message'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    key: r.idempotency_key,
    title: String(r.message.title),
    text: String(r.message.text ?? ''),
  }));
}
