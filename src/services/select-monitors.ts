import type { Monitor } from '../domain/monitor.js';

/**
 * `--select` expressions, as dbt and Soda users expect: `tag:nightly` (a label named so, or
 * `tag=nightly`), `asset:shop.orders` (globs with *), `monitor:NAME`, `kind:freshness`,
 * `source:NAME`, `owner:NAME`. Several selectors: a monitor matching any of them is selected.
 */
export function parseSelector(text: string): { key: string; value: string } | undefined {
  const m = /^(tag|asset|monitor|kind|source|owner):(.+)$/.exec(text.trim());
  return m ? { key: m[1] as string, value: m[2] as string } : undefined;
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

export function selectMonitors(
  monitors: Monitor[],
  selectors: string[],
  sourceNames: Map<string, string>,
): Monitor[] {
  if (selectors.length === 0) return monitors;
  const parsed = selectors.map(parseSelector);
  return monitors.filter((m) =>
    parsed.some((s) => {
      if (!s) return false;
      const re = glob(s.value);
      switch (s.key) {
        case 'tag':
          return (
            s.value in m.labels ||
            m.labels.tag === s.value ||
            (m.labels.tags ?? '')
              .split(',')
              .map((t) => t.trim())
              .includes(s.value)
          );
        case 'asset':
          return re.test(m.asset);
        case 'monitor':
          return re.test(m.name);
        case 'kind':
          return m.kind === s.value;
        case 'source':
          return sourceNames.get(m.sourceId) === s.value || m.sourceId === s.value;
        default:
          return m.owner === s.value;
      }
    }),
  );
}
