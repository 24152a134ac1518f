import type { MouseEvent } from 'react';
import type { LineageAnswer } from '../api/types-respond.js';
import { navigate } from '../router.js';
import { HEALTH_TEXT, type Health } from './asset-health.js';
import { layoutLineage, NODE_H, NODE_W } from './lineage-layout.js';

const short = (name: string) => {
  const tail = name.slice(name.lastIndexOf('/') + 1) || name;
  return tail.length > 26 ? `${tail.slice(0, 25)}…` : tail;
};

/**
 * Upstream and downstream of one asset as an SVG: each node is a link to its asset page (Tab
 * reaches them in order), its border coloured by health and its health also in the tooltip.
 */
export function LineageGraph({
  focus,
  upstream,
  downstream,
  health,
}: {
  focus: string;
  upstream: LineageAnswer | null;
  downstream: LineageAnswer | null;
  health: Map<string, Health>;
}) {
  const layers = new Map<string, number>([[focus, 0]]);
  for (const n of upstream?.nodes ?? []) if (!layers.has(n.name)) layers.set(n.name, -n.depth);
  for (const n of downstream?.nodes ?? []) if (!layers.has(n.name)) layers.set(n.name, n.depth);
  const seen = new Set<string>();
  const edges = [...(upstream?.edges ?? []), ...(downstream?.edges ?? [])].filter((e) => {
    const k = `${e.from}\u0000${e.to}`;
    if (seen.has(k) || e.from === e.to) return false;
    seen.add(k);
    return true;
  });
  if (layers.size === 1) {
    return (
      <p className="muted">
        No lineage known for this asset yet. Send OpenLineage events or import dbt artifacts (see the catalog
        guide) and its upstream and downstream appear here.
      </p>
    );
  }
  const g = layoutLineage(focus, layers, edges);
  const at = new Map(g.nodes.map((n) => [n.name, n]));
  const open = (e: MouseEvent, name: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey) return;
    e.preventDefault();
    navigate(`/catalog/${encodeURIComponent(name)}`);
  };
  return (
    <div className="lineage">
      <svg width={g.width} height={g.height} viewBox={`0 0 ${g.width} ${g.height}`}>
        <title>{`Lineage of ${focus}: ${upstream?.nodes.length ?? 0} upstream, ${downstream?.nodes.length ?? 0} downstream`}</title>
        {g.edges.map((e) => {
          const a = at.get(e.from)!;
          const b = at.get(e.to)!;
          const [x1, y1, x2, y2] = [a.x + NODE_W, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2];
          const mid = (x1 + x2) / 2;
          return (
            <path
              key={`${e.from}>${e.to}`}
              className="ln-edge"
              d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
              markerEnd="url(#ln-arrow)"
            />
          );
        })}
        <defs>
          <marker
            id="ln-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
          </marker>
        </defs>
        {g.nodes.map((n) => {
          const h = health.get(n.name) ?? 'ok';
          const label = `${n.name} (${n.layer < 0 ? 'upstream' : n.layer > 0 ? 'downstream' : 'this asset'}, ${HEALTH_TEXT[h]})`;
          return (
            <a
              key={n.name}
              href={`/catalog/${encodeURIComponent(n.name)}`}
              className={`ln-node ln-${h}${n.name === focus ? ' ln-focus' : ''}`}
              aria-label={label}
              onClick={(e) => open(e, n.name)}
            >
              <title>{label}</title>
              <rect x={n.x} y={n.y} width={NODE_W} height={NODE_H} />
              <circle
                cx={n.x + 12}
                cy={n.y + NODE_H / 2}
                r={4}
                className={`health-${h === 'ok' ? 'ok' : h}`}
              />
              <text x={n.x + 22} y={n.y + NODE_H / 2} dy="0.35em">
                {short(n.name)}
              </text>
            </a>
          );
        })}
      </svg>
      {g.hidden > 0 && <p className="muted small">{g.hidden} more assets not drawn; see the lists below.</p>}
    </div>
  );
}
