import { walkUpstream } from '../../domain/lineage-graph.js';
import type { RoutableAlert } from '../../domain/routing/index.js';
import type { Executor } from '../../store/executor.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';

/**
 * The lineage question the inhibition rules ask — does asset a feed asset b? — answered from the
 * catalog's edges. Only asked when two firing alerts sit on different assets, so the graph is
 * loaded only when it can matter; each downstream asset's upstream set is walked once per turn.
 */
export async function lineageUpstreamTest(
  db: Executor,
  firing: readonly RoutableAlert[],
): Promise<((upstream: string, downstream: string) => boolean) | undefined> {
  const assets = new Set<string>();
  for (const a of firing) if (a.labels.asset) assets.add(a.labels.asset);
  if (assets.size < 2) return undefined;
  const graph = await loadLineageGraph(db);
  if (graph.edgeCount === 0) return undefined;
  const upstreamOf = new Map<string, Set<string>>();
  return (upstream, downstream) => {
    let set = upstreamOf.get(downstream);
    if (!set) {
      set = new Set(graph.has(downstream) ? walkUpstream(graph, downstream).map((n) => n.id) : []);
      upstreamOf.set(downstream, set);
    }
    return set.has(upstream);
  };
}
