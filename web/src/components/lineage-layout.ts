/**
 * A layered layout for a lineage neighbourhood: the asset in the middle column, upstream to the
 * left and downstream to the right by depth. Rows inside a column follow the mean row of their
 * neighbours in the previous column (one barycentre pass), which keeps most edges short without a
 * graph library.
 */
export interface LayoutNode {
  name: string;
  layer: number;
  row: number;
  x: number;
  y: number;
}
export interface LayoutEdge {
  from: string;
  to: string;
}

export const NODE_W = 190;
export const NODE_H = 34;
const COL_GAP = 80;
const ROW_GAP = 14;
export const MAX_PER_LAYER = 25;

export function layoutLineage(
  focus: string,
  layers: Map<string, number>,
  edges: LayoutEdge[],
): { nodes: LayoutNode[]; edges: LayoutEdge[]; width: number; height: number; hidden: number } {
  const byLayer = new Map<number, string[]>();
  for (const [name, layer] of layers) byLayer.set(layer, [...(byLayer.get(layer) ?? []), name]);
  const order = [...byLayer.keys()].sort((a, b) => a - b);
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const rowOf = new Map<string, number>([[focus, 0]]);
  let hidden = 0;
  // Walk outwards from the focus so each column is ordered by the column nearer to the focus.
  const walk = [...order.filter((l) => l > 0), ...order.filter((l) => l < 0).reverse()];
  for (const layer of walk) {
    const names = byLayer.get(layer) ?? [];
    const score = (n: string) => {
      const rows = (neighbours.get(n) ?? []).map((m) => rowOf.get(m)).filter((r) => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
    };
    const sorted = [...names].sort((a, b) => score(a) - score(b) || a.localeCompare(b));
    const kept = sorted.slice(0, MAX_PER_LAYER);
    hidden += sorted.length - kept.length;
    for (const [i, n] of kept.entries()) rowOf.set(n, i);
    byLayer.set(layer, kept);
  }
  const tallest = Math.max(1, ...[...byLayer.values()].map((v) => v.length));
  const height = tallest * (NODE_H + ROW_GAP) + ROW_GAP;
  const nodes: LayoutNode[] = [];
  order.forEach((layer, col) => {
    const names = byLayer.get(layer) ?? [];
    const top = (height - names.length * (NODE_H + ROW_GAP)) / 2;
    for (const [row, name] of names.entries()) {
      nodes.push({
        name,
        layer,
        row,
        x: 8 + col * (NODE_W + COL_GAP),
        y: top + row * (NODE_H + ROW_GAP) + ROW_GAP / 2,
      });
    }
  });
  const placed = new Set(nodes.map((n) => n.name));
  return {
    nodes,
    edges: edges.filter((e) => placed.has(e.from) && placed.has(e.to)),
    width: 16 + order.length * (NODE_W + COL_GAP) - COL_GAP,
    height,
    hidden,
  };
}
