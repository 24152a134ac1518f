import type { Dialect } from './dialect.js';
import type { CompiledPlan, ParamSink } from './metric-plan.js';
import { sqlTimestamp } from './values.js';

/** Collects parameters in the order they appear, so `?` engines and `$n` engines both work. */
export class Params implements ParamSink {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  timestamp(d: Date): string {
    this.values.push(sqlTimestamp(d));
    return this.dialect.timestampParam(this.values.length);
  }
}

const ROWS = 'row_count';

export function profileSql(d: Dialect, table: string, plan: CompiledPlan): string {
  return `SELECT ${[`count(*) AS ${d.quoteIdent(ROWS)}`, ...plan.select].join(', ')} FROM ${table}`;
}

/**
 * Per-segment metrics for the top `limit` values of `column` by row count, in one statement: a
 * derived table picks the segments (MySQL refuses LIMIT inside IN, so it is a join).
 */
export function segmentSql(
  d: Dialect,
  table: string,
  column: string,
  limit: number,
  plan: CompiledPlan,
): string {
  const c = d.quoteIdent(column);
  const top = d.quoteIdent('vigil_top');
  const key = d.quoteIdent('vigil_segment_key');
  const seg = `${d.quoteIdent('vigil_base')}.${c}`;
  const select = [
    `${d.toText(seg)} AS ${d.quoteIdent('segment')}`,
    `count(*) AS ${d.quoteIdent(ROWS)}`,
    ...plan.select,
  ];
  return (
    `SELECT ${select.join(', ')} FROM ${table} ${d.quoteIdent('vigil_base')} ` +
    `JOIN (SELECT ${c} AS ${key} FROM ${table} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY count(*) DESC LIMIT ${limit}) ${top} ` +
    `ON ${seg} = ${top}.${key} GROUP BY ${seg} ORDER BY count(*) DESC`
  );
}

/** Metrics per hour or day over a window, in one grouped statement. */
export function backfillSql(
  d: Dialect,
  table: string,
  tsColumn: string,
  unit: 'hour' | 'day',
  since: string,
  until: string,
  plan: CompiledPlan,
): string {
  const ts = d.quoteIdent(tsColumn);
  const bucket = d.truncate(unit, ts);
  const select = [
    `${bucket} AS ${d.quoteIdent('bucket')}`,
    `count(*) AS ${d.quoteIdent(ROWS)}`,
    ...plan.select,
  ];
  return (
    `SELECT ${select.join(', ')} FROM ${table} WHERE ${ts} >= ${since} AND ${ts} <= ${until} ` +
    `GROUP BY ${bucket} ORDER BY ${bucket}`
  );
}

/** Freshness and volume fall-backs in one round trip; each part reads only what it needs. */
export function fallbackStatsSql(
  d: Dialect,
  table: string,
  parts: { count: boolean; maxOf?: string; since?: { column: string; param: string } },
): string {
  const items: string[] = [];
  if (parts.count) items.push(`(SELECT count(*) FROM ${table}) AS ${d.quoteIdent(ROWS)}`);
  if (parts.maxOf)
    items.push(`(SELECT max(${d.quoteIdent(parts.maxOf)}) FROM ${table}) AS ${d.quoteIdent('max_ts')}`);
  if (parts.since) {
    const c = d.quoteIdent(parts.since.column);
    items.push(
      `(SELECT count(*) FROM ${table} WHERE ${c} >= ${parts.since.param}) AS ${d.quoteIdent('rows_since')}`,
    );
  }
  return `SELECT ${items.join(', ')}`;
}

export const ROW_COUNT_ALIAS = ROWS;
