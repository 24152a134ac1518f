import { SourceError } from '../errors.js';
import type { TableRef, TableStats, TableStatsOptions } from '../source.js';
import type { Call } from './call.js';
import type { SqlEngine, Stmt } from './driver.js';
import { checkName, checkTable, displayName } from './identifiers.js';
import { fallbackStatsSql, Params, ROW_COUNT_ALIAS } from './statements.js';
import { toIso, toNumber } from './values.js';

export interface StatsContext {
  engine: SqlEngine;
  call: Call;
  schema: string;
  /** The table, qualified and quoted. */
  table: string;
  /** Turns a failed fall-back query into a named error (which column is missing). */
  explain(e: unknown, columns: string[]): Promise<unknown>;
}

/**
 * Volume and freshness, metadata first: the catalog's row count, size, change counters and
 * last-modified time (no scan), storage statistics for max(timestamp) where the engine keeps them,
 * and only for what is still unknown one cheap statement (count(*), max(column), rows since).
 */
export async function readTableStats(
  ctx: StatsContext,
  t: TableRef,
  opts: TableStatsOptions,
): Promise<TableStats> {
  const observedAt = new Date().toISOString();
  const bad = checkTable(t) ?? (opts.timestampColumn ? checkName('column', opts.timestampColumn) : null);
  if (bad) throw bad;
  const run = (s: Stmt) => ctx.call.run(s).then((a) => a.rows);
  const meta = await ctx.engine.metadata(ctx.schema, t.name, run);
  if (!meta)
    throw new SourceError('TABLE_NOT_FOUND', `table ${displayName(t)} not found`, {
      table: displayName(t),
    });
  const stats: TableStats = {
    observedAt,
    rowCount: meta.rowCount && !opts.exactRowCount ? { ...meta.rowCount, method: 'metadata' } : null,
    lastModified: meta.lastModified ? { ...meta.lastModified, method: 'metadata' } : null,
    sizeBytes: meta.sizeBytes,
    ...(meta.changeCounters ? { changeCounters: meta.changeCounters } : {}),
  };
  const ts = opts.timestampColumn;
  if (ts && !opts.exactMaxTimestamp && ctx.engine.metadataMax) {
    const max = await ctx.engine.metadataMax(ctx.schema, t.name, ts, run);
    if (max) stats.maxTimestamp = { column: ts, value: max, exact: false, method: 'metadata' };
  }
  const params = new Params(ctx.engine.dialect);
  const since = ts && opts.since ? { column: ts, param: params.timestamp(opts.since) } : undefined;
  const needCount = stats.rowCount === null;
  const needMax = ts !== undefined && !stats.maxTimestamp;
  if (needCount || needMax || since) {
    const sql = fallbackStatsSql(ctx.engine.dialect, ctx.table, {
      count: needCount,
      ...(needMax ? { maxOf: ts } : {}),
      ...(since ? { since } : {}),
    });
    let row: Record<string, unknown>;
    try {
      row = (await ctx.call.run({ sql, params: params.values })).rows[0] ?? {};
    } catch (e) {
      throw await ctx.explain(e, ts ? [ts] : []);
    }
    if (needCount)
      stats.rowCount = { value: toNumber(row[ROW_COUNT_ALIAS]) ?? 0, exact: true, method: 'query' };
    if (needMax) stats.maxTimestamp = { column: ts, value: toIso(row.max_ts), exact: true, method: 'query' };
    if (ts && opts.since)
      stats.rowsSince = { since: opts.since.toISOString(), value: toNumber(row.rows_since) ?? 0 };
  }
  return stats;
}
