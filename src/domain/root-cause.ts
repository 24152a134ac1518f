/**
 * Which of an incident's alerts is the cause and which are consequences: in a cascade the most
 * upstream failing asset is the cause, and every failing asset downstream of it a consequence.
 * Pure: the caller says which assets lie upstream of which (from lineage).
 */

export interface FailingAsset {
  asset: string;
  alertId: string;
  title: string;
  startedAt: Date;
}

export interface RootCause {
  root: FailingAsset;
  /** Failing assets downstream of the root, with how they follow from it. */
  consequences: FailingAsset[];
}

/**
 * The root: a failing asset with no other failing asset upstream of it; among several such roots
 * the one whose problem began first. Null without failing assets.
 */
export function rootCauseOf(
  failing: readonly FailingAsset[],
  upstreamOf: (asset: string) => ReadonlySet<string>,
): RootCause | null {
  if (failing.length === 0) return null;
  const assets = new Set(failing.map((f) => f.asset));
  const roots = failing.filter((f) => ![...upstreamOf(f.asset)].some((u) => u !== f.asset && assets.has(u)));
  const byStart = (a: FailingAsset, b: FailingAsset) => a.startedAt.getTime() - b.startedAt.getTime();
  const root = [...(roots.length ? roots : failing)].sort(byStart)[0] as FailingAsset;
  const consequences = failing.filter((f) => f.asset !== root.asset && upstreamOf(f.asset).has(root.asset));
  return { root, consequences: consequences.sort(byStart) };
}
