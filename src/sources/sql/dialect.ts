import type { LogicalType } from '../source.js';

/**
 * How one SQL engine spells the pieces the shared builders need. The builders (metric plan,
 * segments, backfill, metadata fall-backs) are written once against this interface; an engine
 * folder only says how its SQL differs.
 */
export interface Dialect {
  readonly name: string;
  /** Quotes one identifier, doubling the quote character inside it. */
  quoteIdent(name: string): string;
  /** The placeholder for the 1-based parameter `index`. */
  param(index: number): string;
  /** A parameter holding an ISO-8601 UTC timestamp, as the engine's timestamp type. */
  timestampParam(index: number): string;
  /** Casts a numeric expression to double precision for mean/stddev. */
  toFloat(expr: string): string;
  /** Sample standard deviation; null where the engine has none. */
  stddev(expr: string): string | null;
  /**
   * Quantiles of a numeric expression: one expression answering an array, one expression per
   * quantile, or null where the engine cannot compute them in an aggregate.
   */
  quantiles(expr: string, qs: number[]): QuantileSql | null;
  /**
   * Set where `quantiles` is itself an approximation (BigQuery's APPROX_QUANTILES, Trino's
   * approx_percentile): how, so results can say those values are estimates.
   */
  quantilesEstimatedBy?: string;
  /**
   * Cheaper estimates for large tables, where the engine has them: a distinct count from a
   * HyperLogLog sketch and quantiles from a sketch or sample cost a fraction of the exact hash set
   * and sort. Absent: plans that ask for estimates get exact values.
   */
  estimates?: Estimates;
  /** Character length of a string expression. */
  length(expr: string): string;
  /** Counts rows where `condition` holds. */
  countIf(condition: string): string;
  /** Truncates a timestamp expression to the start of its hour or day, in UTC. */
  truncate(unit: 'hour' | 'day', expr: string): string;
  /** A comparison `expr > ts` that works for both timestamp and date columns. */
  after(expr: string, type: LogicalType, ts: string): string;
  /** Folds a catalog type name to a logical type. */
  logicalType(dataType: string): LogicalType;
  /** Text of an expression, for segment values. */
  toText(expr: string): string;
}

export interface Estimates {
  /**
   * An estimated distinct count, or null to count exactly. `expected` is the count the last
   * profile saw, when known: an engine whose sketch is poor at low cardinalities counts those
   * exactly (cheap: a small hash table) and samples only the large ones.
   */
  distinct(expr: string, expected: number | undefined): { sql: string; method: string } | null;
  quantiles(expr: string, qs: number[]): QuantileSql;
  quantilesBy: string;
}

export type QuantileSql = { kind: 'array'; sql: string } | { kind: 'each'; sql: string[] };

/** Doubles the quote character: the standard way to quote any name safely. */
export function quoteWith(quote: string, name: string): string {
  return quote + name.split(quote).join(quote + quote) + quote;
}

/** Folding shared by engines whose catalogs use the ANSI names. */
export function ansiLogicalType(dataType: string): LogicalType {
  const t = dataType.toLowerCase();
  if (/^(bool|boolean)$/.test(t)) return 'boolean';
  if (/^(timestamp|datetime)/.test(t)) return 'timestamp';
  if (t === 'date') return 'date';
  if (
    /^(tinyint|smallint|mediumint|int|integer|bigint|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint|int\d|float|double|real|decimal|numeric|number|bignumeric|int64|float64|money|serial|bigserial)/.test(
      t,
    )
  ) {
    return t.startsWith('tinyint(1)') ? 'boolean' : 'number';
  }
  if (
    /^(varchar|char|character|text|string|tinytext|mediumtext|longtext|nvarchar|nchar|bpchar|citext|enum)/.test(
      t,
    )
  ) {
    return 'string';
  }
  return 'other';
}

/** The common parts most engines share; an engine spreads this and overrides what differs. */
export const ansiDialect: Omit<
  Dialect,
  'name' | 'quoteIdent' | 'param' | 'timestampParam' | 'quantiles' | 'truncate'
> = {
  toFloat: (e) => `CAST(${e} AS DOUBLE PRECISION)`,
  stddev: (e) => `stddev_samp(${e})`,
  length: (e) => `char_length(${e})`,
  countIf: (c) => `sum(CASE WHEN ${c} THEN 1 ELSE 0 END)`,
  after: (e, _type, ts) => `${e} > ${ts}`,
  logicalType: ansiLogicalType,
  toText: (e) => `CAST(${e} AS VARCHAR)`,
};
