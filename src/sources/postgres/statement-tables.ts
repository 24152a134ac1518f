/**
 * Which tables a statement reads and writes, from its text as pg_stat_statements keeps it
 * (normalized: constants replaced by $1 …, identifiers as written). A light reading, not a parser:
 * FROM / JOIN name tables read; INSERT INTO / UPDATE / DELETE FROM / MERGE INTO name the table
 * written. Catalog and statistics views are left out: they are not the team's data.
 */

export interface TableUse {
  /** schema.table, unquoted; unqualified names are given the default schema. */
  table: string;
  reads: number;
  writes: number;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const NAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT}){0,2}`;
const READ = new RegExp(String.raw`\b(?:from|join)\s+(${NAME})`, 'gi');
const WRITE = new RegExp(
  String.raw`\b(?:insert\s+into|update|delete\s+from|merge\s+into)\s+(?:only\s+)?(${NAME})`,
  'gi',
);
const SYSTEM = /^(pg_catalog|information_schema)\.|^[^.]*\.?pg_/;

function normalize(raw: string, defaultSchema: string): string | undefined {
  const parts = raw
    .split(/\s*\.\s*/)
    .map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
  // database.schema.table: the database is the source's own.
  const [schema, table] = parts.length === 1 ? [defaultSchema, parts[0]!] : parts.slice(-2);
  if (!table || ['select', 'lateral', 'unnest', 'generate_series'].includes(table)) return undefined;
  const name = `${schema}.${table}`;
  return SYSTEM.test(name) ? undefined : name;
}

/** The tables one statement touches, each once: written tables are not also counted as read. */
export function tablesOf(statement: string, defaultSchema = 'public'): { reads: string[]; writes: string[] } {
  // Comments and string literals could hold words like "from": drop them first.
  const text = statement
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
  const writes = new Set<string>();
  for (const m of text.matchAll(WRITE)) {
    const t = normalize(m[1]!, defaultSchema);
    if (t) writes.add(t);
  }
  const reads = new Set<string>();
  for (const m of text.matchAll(READ)) {
    // "DELETE FROM t" matched READ too; it is a write.
    const before = text.slice(Math.max(0, m.index - 8), m.index).toLowerCase();
    if (/delete\s*$/.test(before)) continue;
    const t = normalize(m[1]!, defaultSchema);
    if (t && !writes.has(t)) reads.add(t);
  }
  return { reads: [...reads], writes: [...writes] };
}

/** Calls per table over pg_stat_statements rows: each call of a statement reads (or writes) its tables. */
export function tableUsage(
  rows: ReadonlyArray<{ query: string; calls: number }>,
  defaultSchema = 'public',
): TableUse[] {
  const by = new Map<string, TableUse>();
  const get = (table: string) => {
    const cur = by.get(table) ?? { table, reads: 0, writes: 0 };
    by.set(table, cur);
    return cur;
  };
  for (const r of rows) {
    const { reads, writes } = tablesOf(r.query, defaultSchema);
    for (const t of reads) get(t).reads += r.calls;
    for (const t of writes) get(t).writes += r.calls;
  }
  return [...by.values()].sort((a, b) => b.reads - a.reads || a.table.localeCompare(b.table));
}
