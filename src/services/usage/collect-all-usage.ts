import type { ServiceContext } from '../context.js';
import type { SourceProvider } from '../source-provider.js';
import { collectUsage, type UsageCollection } from './collect-usage.js';

/** Usage from every live PostgreSQL source, one after the other. */
export async function collectAllUsage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { sources: SourceProvider };
}): Promise<UsageCollection[]> {
  const rows = await ctx.store.db
    .selectFrom('sources')
    .selectAll()
    .where('kind', '=', 'postgres')
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  const out: UsageCollection[] = [];
  for (const source of rows) out.push(await collectUsage({ ctx, input: { source, sources: input.sources } }));
  return out;
}
