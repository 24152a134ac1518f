/**
 * Label matchers in Alertmanager's text syntax (`monitor="orders volume"`, `severity=~"page|ticket"`,
 * lists in braces), read in the browser so the alerts page can say which firing alerts a silence
 * or an inhibit rule holds back. The server stays the judge: it parses and validates every matcher
 * it stores, and this reader only decides what the page shows.
 */
export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export type Labels = Record<string, string>;

/** `name="value"` with the value's quotes and backslashes escaped. */
export function formatMatcher(name: string, value: string, op: MatchOp = '='): string {
  return `${name}${op}"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** One matcher or a list (`{a="1", b!="2"}`); null when the text is not one the page can read. */
export function parseMatchers(text: string): Matcher[] | null {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  const out: Matcher[] = [];
  let pos = 0;
  const space = () => {
    while (pos < s.length && /\s/.test(s[pos] as string)) pos++;
  };
  while (true) {
    space();
    if (pos >= s.length) break;
    const name = NAME.exec(s.slice(pos))?.[0];
    if (!name) return null;
    pos += name.length;
    space();
    const two = s.slice(pos, pos + 2);
    const op: MatchOp | null =
      two === '=~' || two === '!~' || two === '!=' ? two : s[pos] === '=' ? '=' : null;
    if (!op) return null;
    pos += op.length;
    space();
    let value = '';
    if (s[pos] === '"') {
      pos++;
      while (pos < s.length && s[pos] !== '"') {
        const c = s[pos] as string;
        if (c === '\\' && pos + 1 < s.length) {
          const n = s[pos + 1] as string;
          value += n === '"' ? '"' : n === '\\' ? '\\' : n === 'n' ? '\n' : n === 't' ? '\t' : `\\${n}`;
          pos += 2;
        } else {
          value += c;
          pos++;
        }
      }
      if (s[pos] !== '"') return null;
      pos++;
    } else {
      const bare = /^[^\s{}",]*/.exec(s.slice(pos))?.[0] ?? '';
      value = bare;
      pos += bare.length;
    }
    out.push({ name, op, value });
    space();
    if (s[pos] === ',') pos++;
    else if (pos < s.length) return null;
  }
  return out;
}

function regexOf(value: string): RegExp | null {
  try {
    // Alertmanager anchors regex matchers at both ends.
    return new RegExp(`^(?:${value})$`);
  } catch {
    return null;
  }
}

/** A missing label matches as the empty string, as in Alertmanager. */
export function matches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return regexOf(m.value)?.test(v) ?? false;
    case '!~':
      return !(regexOf(m.value)?.test(v) ?? true);
  }
}

/** Every matcher of every text matches; a text the page cannot read matches nothing. */
export function matchesAllTexts(texts: readonly string[], labels: Labels): boolean {
  return texts.every((t) => {
    const ms = parseMatchers(t);
    return ms?.every((m) => matches(m, labels)) ?? false;
  });
}

/**
 * Matchers that pick out this alert and its like for a silence: the monitor when there is one,
 * else the Alertmanager alert name with its service, else the source and kind.
 */
export function silenceMatchersFor(labels: Labels): string[] {
  const pick = (keys: string[]) =>
    keys.filter((k) => labels[k] !== undefined).map((k) => formatMatcher(k, labels[k] as string));
  if (labels.monitor) return pick(['monitor']);
  if (labels.alertname) return pick(['alertname', 'service', 'job', 'instance']);
  if (labels.source) return pick(['source', 'kind']);
  return Object.entries(labels)
    .filter(([k]) => k !== 'severity')
    .map(([k, v]) => formatMatcher(k, v));
}
