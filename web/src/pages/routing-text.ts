/**
 * The routing tree as text: JSON as the API stores it, or Alertmanager-style YAML (JSON is YAML,
 * so one reader takes both). Error paths from the API (`route.routes[0].group_wait`) are mapped
 * to the line they point at, so each problem can be shown next to the text it is about.
 */
import { isNode, LineCounter, parseDocument, stringify } from 'yaml';

export type ParsedText =
  | { ok: true; value: unknown; lineOf: (path: string) => number | null }
  | { ok: false; message: string; line: number | null };

/** 'route.routes[0].matchers[1]' → ['route', 'routes', 0, 'matchers', 1]; a leading 'body.' is dropped. */
export function pathKeys(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const m of path.replace(/^body\.?/, '').matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[1] !== undefined) keys.push(m[1]);
  }
  return keys;
}

export function parseRoutingText(text: string): ParsedText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    return {
      ok: false,
      message: first.message.split('\n')[0] ?? 'not valid JSON or YAML',
      line: lines.linePos(first.pos[0]).line,
    };
  }
  const lineOf = (path: string): number | null => {
    const keys = pathKeys(path);
    // The deepest part of the path that exists: a missing key points at its parent.
    for (let n = keys.length; n > 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return null;
  };
  return { ok: true, value: doc.toJS(), lineOf };
}

export function toText(value: unknown, as: 'json' | 'yaml'): string {
  return as === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value);
}

/** Offsets of the start and end of a 1-based line, to select it in the textarea. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}
