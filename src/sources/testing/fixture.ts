/**
 * A small table every SQL engine's tests load, with values whose metrics are easy to check by
 * hand: 100 orders, amounts -9..90, names with nulls and empty strings, five future timestamps.
 */
export interface FixtureRow {
  id: number;
  amount: number;
  name: string | null;
  category: string;
  created_at: string;
}

const BASE = Date.parse('2024-03-01T00:00:00Z');

export const FIXTURE_ROWS: FixtureRow[] = Array.from({ length: 100 }, (_, i) => {
  const id = i + 1;
  const future = id > 95;
  return {
    id,
    amount: id - 10,
    name: id % 7 === 0 ? null : id % 10 === 0 ? '' : `item${id}`,
    category: id % 2 === 0 ? 'a' : id % 3 === 0 ? 'b' : 'c',
    created_at: new Date(future ? Date.parse('2100-01-01T00:00:00Z') + id * 1000 : BASE + i * 3_600_000)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', ''),
  };
});

/** What the fixture's metrics must be, worked out here in plain code. */
export const FIXTURE_EXPECTED = {
  rowCount: 100,
  amount: {
    min: -9,
    max: 90,
    mean: 40.5,
    zero_count: 1,
    negative_count: 9,
    p25: 15.75,
    p50: 40.5,
    p75: 65.25,
    p95: 85.05,
  },
  amountStddev: 29.011491975882016,
  name: {
    null_count: FIXTURE_ROWS.filter((r) => r.name === null).length,
    empty_count: FIXTURE_ROWS.filter((r) => r.name === '').length,
    distinct_count: new Set(FIXTURE_ROWS.filter((r) => r.name !== null).map((r) => r.name)).size,
    max_length: 6,
    min_length: 0,
  },
  created_at: { future_count: 5, maxPast: '2024-03-04T22:00:00.000Z' },
  segments: { a: 50, c: 33, b: 17 },
} as const;

/** Insert in chunks with positional parameters, `?` or `$n`. */
export function insertStatements(
  table: string,
  placeholder: (i: number) => string,
): Array<{ sql: string; params: unknown[] }> {
  const cols = ['id', 'amount', 'name', 'category', 'created_at'] as const;
  const out: Array<{ sql: string; params: unknown[] }> = [];
  for (let start = 0; start < FIXTURE_ROWS.length; start += 50) {
    const params: unknown[] = [];
    const tuples = FIXTURE_ROWS.slice(start, start + 50).map((r) => {
      const ph = cols.map((c) => {
        params.push(r[c]);
        return placeholder(params.length);
      });
      return `(${ph.join(', ')})`;
    });
    out.push({ sql: `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params });
  }
  return out;
}
