/**
 * Lineage walk benchmark: 10,000 assets, 30,000 edges, five-level downstream walks from random
 * assets, against a naive walk that re-scans the whole edge list once per level.
 * Run: npm run bench:lineage
 */
import {
  buildLineageGraph,
  impactOf,
  type LineageEdgeInput,
  walkDownstream,
} from '../../src/domain/lineage-graph.js';

const ASSETS = 10_000;
const EDGES = 30_000;
const WALKS = 2_000;
const DEPTH = 5;

// A seeded generator so every run measures the same graph.
let seed = 42;
const rand = () => {
  seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};

// Layered like a warehouse: edges go from lower to higher ids, mostly to nearby layers, so walks
// reach hundreds of assets within five hops (the worst case for a blast-radius query).
const edges: LineageEdgeInput[] = [];
const seen = new Set<string>();
while (edges.length < EDGES) {
  const from = Math.floor(rand() * (ASSETS - 1));
  const to = Math.min(ASSETS - 1, from + 1 + Math.floor(rand() * 400));
  const key = `${from}>${to}`;
  if (seen.has(key)) continue;
  seen.add(key);
  edges.push({ from: `asset_${from}`, to: `asset_${to}`, via: `job_${from % 500}` });
}

function naiveDownstream(
  list: readonly LineageEdgeInput[],
  start: string,
  maxDepth: number,
): Map<string, number> {
  const depth = new Map<string, number>([[start, 0]]);
  let frontier = new Set([start]);
  for (let d = 1; d <= maxDepth && frontier.size > 0; d++) {
    const next = new Set<string>();
    for (const e of list) {
      if (frontier.has(e.from) && !depth.has(e.to)) {
        depth.set(e.to, d);
        next.add(e.to);
      }
    }
    frontier = next;
  }
  depth.delete(start);
  return depth;
}

function stats(samples: number[]): { median: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p99: at(0.99), max: s[s.length - 1]! };
}

function time<T>(fn: () => T): [number, T] {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, out];
}

const [buildMs, graph] = time(() =>
  buildLineageGraph(
    edges,
    Array.from({ length: ASSETS }, (_, k) => `asset_${k}`),
  ),
);
const starts = Array.from({ length: WALKS }, () => `asset_${Math.floor(rand() * ASSETS * 0.5)}`);

// Warm up the JIT on both before measuring.
for (const s of starts.slice(0, 100)) {
  walkDownstream(graph, s, { maxDepth: DEPTH });
  naiveDownstream(edges, s, DEPTH);
}

const walkMs: number[] = [];
const impactMs: number[] = [];
const naiveMs: number[] = [];
let reached = 0;
for (const s of starts) {
  const [w, nodes] = time(() => walkDownstream(graph, s, { maxDepth: DEPTH }));
  walkMs.push(w);
  reached += nodes.length;
  impactMs.push(time(() => impactOf(graph, s, { maxDepth: DEPTH }))[0]);
}
for (const s of starts.slice(0, 200)) naiveMs.push(time(() => naiveDownstream(edges, s, DEPTH))[0]);

// The two must agree, or the figures mean nothing.
for (const s of starts.slice(0, 50)) {
  const a = new Map(walkDownstream(graph, s, { maxDepth: DEPTH }).map((n) => [n.id, n.depth]));
  const b = naiveDownstream(edges, s, DEPTH);
  if (a.size !== b.size || [...b].some(([k, d]) => a.get(k) !== d))
    throw new Error(`walks disagree from ${s}`);
}

const fmt = (x: number) => x.toFixed(3);
const w = stats(walkMs);
const i = stats(impactMs);
const n = stats(naiveMs);
console.log(`graph: ${graph.nodeCount} assets, ${graph.edgeCount} edges, built in ${buildMs.toFixed(1)} ms`);
console.log(
  `five-level downstream walks from ${WALKS} random assets, mean ${(reached / WALKS).toFixed(0)} assets reached`,
);
console.log('| method | walks | median ms | p99 ms | max ms |');
console.log('|---|---|---|---|---|');
console.log(
  `| walkDownstream (with paths) | ${walkMs.length} | ${fmt(w.median)} | ${fmt(w.p99)} | ${fmt(w.max)} |`,
);
console.log(
  `| impactOf (set only) | ${impactMs.length} | ${fmt(i.median)} | ${fmt(i.p99)} | ${fmt(i.max)} |`,
);
console.log(
  `| naive: re-scan edge list per level | ${naiveMs.length} | ${fmt(n.median)} | ${fmt(n.p99)} | ${fmt(n.max)} |`,
);
const target = 50;
console.log(w.p99 < target ? `p99 under ${target} ms: yes` : `p99 under ${target} ms: NO`);
if (w.p99 >= target) process.exitCode = 1;
