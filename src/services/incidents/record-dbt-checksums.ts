import type { Executor } from '../../store/executor.js';

/**
 * dbt models, seeds and snapshots carry a checksum of their code in the manifest
 * (`nodes[id].checksum.checksum`). Recording it per asset on each import lets "what changed?" see
 * a model whose SQL changed just before an incident. A checksum seen before keeps its first sighting.
 */
export async function recordDbtChecksums(
  db: Executor,
  manifest: unknown,
  assetNames: ReadonlyMap<string, string>,
  by: { now: Date; actor: string },
): Promise<number> {
  const root = manifest as {
    nodes?: Record<string, { checksum?: { checksum?: unknown } }>;
    metadata?: { generated_at?: unknown };
  };
  const generated =
    typeof root?.metadata?.generated_at === 'string' ? new Date(root.metadata.generated_at) : null;
  // The manifest's own time when it has one: that is when the new code was compiled.
  const seenAt = generated && !Number.isNaN(generated.getTime()) && generated <= by.now ? generated : by.now;
  let recorded = 0;
  for (const [id, node] of Object.entries(root?.nodes ?? {})) {
    const checksum = node?.checksum?.checksum;
    const asset = assetNames.get(id);
    if (typeof checksum !== 'string' || !checksum || !asset) continue;
    const row = await db
      .insertInto('code_versions')
      .values({
        asset,
        version: checksum.slice(0, 200),
        kind: 'dbt_checksum',
        seen_at: seenAt,
        reported_by: by.actor,
        note: id,
      })
      .onConflict((oc) => oc.columns(['asset', 'version']).doNothing())
      .returning('version')
      .executeTakeFirst();
    if (row) recorded++;
  }
  return recorded;
}
