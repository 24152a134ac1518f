import { isRecord, toPointer } from '../shared/result.js';

/**
 * Field paths in a saved mapping: a JSON pointer (`/alerts/0/labels/severity`, RFC 6901) or a dotted
 * path (`alerts[0].labels.severity`, `alerts.0.labels.severity`, `labels["team.name"]`).
 * Both compile to the same list of segments.
 */
export type Segments = string[];

export function parsePath(path: string): Segments | { error: string } {
  if (path === '' || path === '$') return [];
  if (path.startsWith('/')) {
    const segments = path.slice(1).split('/');
    for (const s of segments) if (/~(?![01])/.test(s)) return { error: 'has a ~ not followed by 0 or 1' };
    return segments.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  const segments: string[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null = re.exec(path);
  let consumed = 0;
  while (m !== null) {
    consumed = re.lastIndex;
    if (m[4] !== undefined) {
      if (expectKey) return { error: 'has an empty segment' };
      expectKey = true;
    } else {
      if (m[1] !== undefined && !expectKey)
        return { error: `has "${m[1]}" where a dot or bracket was expected` };
      segments.push(m[1] ?? m[2] ?? (m[3] ?? '').replace(/\\(.)/g, '$1'));
      expectKey = false;
    }
    m = re.exec(path);
  }
  if (consumed !== path.length) return { error: `cannot be read after character ${consumed}` };
  if (expectKey) return { error: 'ends with a dot' };
  return segments;
}

/** The value at a path, or undefined when any step is missing. */
export function valueAt(root: unknown, segments: Segments): unknown {
  let node = root;
  for (const s of segments) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(s)) return undefined;
      node = node[Number(s)];
    } else if (isRecord(node)) {
      node = Object.hasOwn(node, s) ? node[s] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

export const pointerOf = (segments: Segments): string => toPointer(segments);
