import { fail, ok, type QueryCost, type Result, SourceError, asSourceError } from '../errors.js';
import type {
  BackfillOptions,
  BucketedProfile,
  CallOptions,
  ColumnInfo,
  MetricPlan,
  ProfileResult,
  QueryResult,
  RunQueryOptions,
  SegmentOptions,
  SegmentedProfile,
  SourceHooks,
  TableInfo,
  TableRef,
  TableSource,
  TableStats,
  TableStatsOptions,
} from '../source.js';
import type { SqlEngine, Stmt } from './driver.js';
import { checkName, checkTable, displayName, qualified } from './identifiers.js';
import { compilePlan, type TypedColumnPlan, validatePlan } from './metric-plan.js';
import { tagged } from './query-tag.js';
import { checkReadOnly } from './read-only-guard.js';
import {
  backfillSql,
  fallbackStatsSql,
  Params,
  profileSql,
  ROW_COUNT_ALIAS,
  segmentSql,
} from './statements.js';
import { toCell, toIso, toNumber, toText } from './values.js';

/** Counts statements and time for one call, and tags every statement it sends. */
class Call {
  readonly cost: QueryCost = { queries: 0, wallMs: 0 };
  private readonly started = performance.now();
  constructor(
    private readonly engine: SqlEngine,
    private readonly hooks: SourceHooks,
    private readonly opts: Partial<CallOptions>,
  ) {}

  get timeoutMs(): number {
    return this.opts.timeoutMs ?? this.engine.defaultTimeoutMs;
  }

  async run(stmt: Stmt, readOnly = false): Promise<{ rows: Record<string, unknown>[]; columns: string[] }> {
    const sql = tagged(this.opts.tag ?? {}, stmt.sql);
    this.hooks.onStatement?.(sql);
    this.cost.queries++;
    const answer = await this.engine.driver.exec(sql, stmt.params, { timeoutMs: this.timeoutMs, readOnly });
    if (answer.rowsScanned !== undefined)
      this.cost.rowsScanned = (this.cost.rowsScanned ?? 0) + answer.rowsScanned;
    if (answer.bytesScanned !== undefined)
      this.cost.bytesScanned = (this.cost.bytesScanned ?? 0) + answer.bytesScanned;
    return answer;
  }

  finish<T>(fn: () => Result<T> | T): Result<T> {
    this.cost.wallMs = Math.round((performance.now() - this.started) * 100) / 100;
    const out = fn();
    if (out && typeof out === 'object' && 'ok' in out && 'cost' in out)
      return { ...(out as Result<T>), cost: this.cost };
    return ok(out as T, this.cost);
  }

  failed<T>(e: unknown): Result<T> {
    this.cost.wallMs = Math.round((performance.now() - this.started) * 100) / 100;
    return fail(asSourceError(e), this.cost);
  }
}

const MAX_SEGMENTS = 1000;
const MAX_BACKFILL_DAYS = 3660;

/**
 * The TableSource every SQL engine shares: name checks, metric plans, segments, backfill, the
 * metadata-first stats and the read-only custom SQL path. Engines plug in through SqlEngine.
 */
export class SqlSource implements TableSource {
  readonly family = 'sql' as const;
  readonly kind: string;

  constructor(
    private readonly engine: SqlEngine,
    private readonly hooks: SourceHooks = {},
  ) {
    this.kind = engine.kind;
  }

  private call(opts: Partial<CallOptions> | undefined): Call {
    return new Call(this.engine, this.hooks, opts ?? {});
  }

  private table(t: TableRef): string {
    return qualified(this.engine.dialect, t.schema ?? this.engine.defaultSchema(), t.name);
  }

  private schemaOf(t: TableRef): string {
    return t.schema ?? this.engine.defaultSchema();
  }

  /** Gives a not-found error the table's name; the driver cannot always tell which. */
  private named(e: unknown, t: TableRef): unknown {
    if (e instanceof SourceError && e.code === 'TABLE_NOT_FOUND') {
      return new SourceError('TABLE_NOT_FOUND', `table ${displayName(t)} not found`, {
        ...e.context,
        table: displayName(t),
      });
    }
    return e;
  }

  async testConnection(opts?: Partial<CallOptions>): Promise<Result<void>> {
    const call = this.call({ tag: { purpose: 'test-connection' }, ...opts });
    try {
      await call.run({ sql: 'SELECT 1', params: [] });
      return call.finish(() => undefined);
    } catch (e) {
      return call.failed(e);
    }
  }

  async listTables(opts?: Partial<CallOptions>): Promise<Result<TableInfo[]>> {
    const call = this.call({ tag: { purpose: 'list-tables' }, ...opts });
    try {
      const { rows } = await call.run(this.engine.listTables());
      return call.finish(() =>
        rows.map((r) => ({
          schema: String(r.schema),
          name: String(r.name),
          type: /view/i.test(String(r.type)) ? ('view' as const) : ('table' as const),
        })),
      );
    } catch (e) {
      return call.failed(e);
    }
  }

  private async columnsOf(call: Call, t: TableRef): Promise<ColumnInfo[]> {
    const { rows } = await call.run(this.engine.describe(this.schemaOf(t), t.name));
    if (rows.length === 0)
      throw new SourceError('TABLE_NOT_FOUND', `table ${displayName(t)} not found`, {
        table: displayName(t),
      });
    return rows
      .map((r) => ({
        name: String(r.name),
        dataType: String(r.data_type),
        type: this.engine.dialect.logicalType(String(r.data_type)),
        nullable: r.nullable === true || String(r.nullable).toUpperCase() === 'YES',
        position: toNumber(r.position) ?? 0,
      }))
      .sort((a, b) => a.position - b.position);
  }

  async describeTable(t: TableRef, opts?: Partial<CallOptions>): Promise<Result<ColumnInfo[]>> {
    const call = this.call({ tag: { purpose: 'describe' }, ...opts });
    const bad = checkTable(t);
    if (bad) return call.failed(bad);
    try {
      const cols = await this.columnsOf(call, t);
      return call.finish(() => cols);
    } catch (e) {
      return call.failed(e);
    }
  }

  /** Types from the plan when the caller gave them all; otherwise one catalog look-up. */
  private async typedPlan(
    call: Call,
    t: TableRef,
    plan: MetricPlan,
    extra: string[],
  ): Promise<TypedColumnPlan[]> {
    const bad = checkTable(t) ?? plan.columns.map((c) => checkName('column', c.name)).find((e) => e) ?? null;
    if (bad) throw bad;
    let typed: TypedColumnPlan[];
    if (plan.columns.every((c) => c.type) && extra.length === 0) {
      typed = plan.columns.map((c) => ({ name: c.name, type: c.type!, metrics: c.metrics }));
    } else {
      const cols = await this.columnsOf(call, t);
      const byName = new Map(cols.map((c) => [c.name, c]));
      for (const name of [...plan.columns.map((c) => c.name), ...extra]) {
        if (!byName.has(name)) throw this.missingColumn(t, name);
      }
      typed = plan.columns.map((c) => ({
        name: c.name,
        type: c.type ?? byName.get(c.name)!.type,
        metrics: c.metrics,
      }));
    }
    const invalid = validatePlan(typed);
    if (invalid) throw invalid;
    return typed;
  }

  private missingColumn(t: TableRef, column: string): SourceError {
    return new SourceError('COLUMN_NOT_FOUND', `column ${column} not found in table ${displayName(t)}`, {
      table: displayName(t),
      column,
    });
  }

  /** A scan failed on a missing column: find which one with a catalog look-up, for the message. */
  private async explainScanError(call: Call, e: unknown, t: TableRef, names: string[]): Promise<unknown> {
    if (!(e instanceof SourceError) || e.code !== 'COLUMN_NOT_FOUND') return this.named(e, t);
    try {
      const cols = new Set((await this.columnsOf(call, t)).map((c) => c.name));
      const missing = names.find((n) => !cols.has(n));
      return missing ? this.missingColumn(t, missing) : e;
    } catch (again) {
      return this.named(again, t);
    }
  }

  async profile(t: TableRef, plan: MetricPlan, opts: CallOptions): Promise<Result<ProfileResult>> {
    const call = this.call({ ...opts, tag: { purpose: 'profile', ...opts.tag } });
    const asOf = plan.asOf ?? new Date();
    try {
      const typed = await this.typedPlan(call, t, plan, []);
      const params = new Params(this.engine.dialect);
      const compiled = compilePlan(this.engine.dialect, typed, asOf, params);
      const stmt = { sql: profileSql(this.engine.dialect, this.table(t), compiled), params: params.values };
      let rows: Record<string, unknown>[];
      try {
        rows = (await call.run(stmt)).rows;
      } catch (e) {
        throw await this.explainScanError(
          call,
          e,
          t,
          typed.map((c) => c.name),
        );
      }
      const row = rows[0] ?? {};
      const rowCount = toNumber(row[ROW_COUNT_ALIAS]) ?? 0;
      return call.finish(() => ({
        rowCount,
        columns: compiled.read(row, rowCount),
        skipped: compiled.skipped,
        asOf: asOf.toISOString(),
      }));
    } catch (e) {
      return call.failed(this.named(e, t));
    }
  }

  async profileSegments(
    t: TableRef,
    plan: MetricPlan,
    segment: SegmentOptions,
    opts: CallOptions,
  ): Promise<Result<SegmentedProfile>> {
    const call = this.call({ ...opts, tag: { purpose: 'profile-segments', ...opts.tag } });
    const asOf = plan.asOf ?? new Date();
    try {
      const bad = checkName('column', segment.column);
      if (bad) throw bad;
      if (!Number.isInteger(segment.limit) || segment.limit < 1 || segment.limit > MAX_SEGMENTS) {
        throw new SourceError(
          'INVALID_INPUT',
          `the segment limit must be a whole number from 1 to ${MAX_SEGMENTS}`,
        );
      }
      const typed = await this.typedPlan(call, t, plan, []);
      const params = new Params(this.engine.dialect);
      const compiled = compilePlan(this.engine.dialect, typed, asOf, params);
      const sql = segmentSql(this.engine.dialect, this.table(t), segment.column, segment.limit, compiled);
      let rows: Record<string, unknown>[];
      try {
        rows = (await call.run({ sql, params: params.values })).rows;
      } catch (e) {
        throw await this.explainScanError(call, e, t, [segment.column, ...typed.map((c) => c.name)]);
      }
      return call.finish(() => ({
        segments: rows.map((row) => {
          const rowCount = toNumber(row[ROW_COUNT_ALIAS]) ?? 0;
          return { value: toText(row.segment) ?? '', rowCount, columns: compiled.read(row, rowCount) };
        }),
        skipped: compiled.skipped,
        asOf: asOf.toISOString(),
      }));
    } catch (e) {
      return call.failed(this.named(e, t));
    }
  }

  async backfill(
    t: TableRef,
    plan: MetricPlan,
    b: BackfillOptions,
    opts: CallOptions,
  ): Promise<Result<BucketedProfile>> {
    const call = this.call({ ...opts, tag: { purpose: 'backfill', ...opts.tag } });
    const asOf = b.asOf ?? plan.asOf ?? new Date();
    try {
      const bad = checkName('column', b.timestampColumn);
      if (bad) throw bad;
      if (b.bucket !== 'hour' && b.bucket !== 'day')
        throw new SourceError('INVALID_INPUT', 'the bucket must be hour or day');
      if (!Number.isInteger(b.days) || b.days < 1 || b.days > MAX_BACKFILL_DAYS) {
        throw new SourceError('INVALID_INPUT', `days must be a whole number from 1 to ${MAX_BACKFILL_DAYS}`);
      }
      const typed = await this.typedPlan(call, t, { ...plan, asOf }, []);
      const step = b.bucket === 'hour' ? 3_600_000 : 86_400_000;
      const since = new Date(Math.floor((asOf.getTime() - b.days * 86_400_000) / step) * step);
      const params = new Params(this.engine.dialect);
      const compiled = compilePlan(this.engine.dialect, typed, asOf, params);
      const sinceP = params.timestamp(since);
      const untilP = params.timestamp(asOf);
      const sql = backfillSql(
        this.engine.dialect,
        this.table(t),
        b.timestampColumn,
        b.bucket,
        sinceP,
        untilP,
        compiled,
      );
      let rows: Record<string, unknown>[];
      try {
        rows = (await call.run({ sql, params: params.values })).rows;
      } catch (e) {
        throw await this.explainScanError(call, e, t, [b.timestampColumn, ...typed.map((c) => c.name)]);
      }
      return call.finish(() => ({
        bucket: b.bucket,
        since: since.toISOString(),
        asOf: asOf.toISOString(),
        buckets: rows.map((row) => {
          const start = toIso(row.bucket) ?? '';
          const rowCount = toNumber(row[ROW_COUNT_ALIAS]) ?? 0;
          const complete = new Date(start).getTime() + step <= asOf.getTime();
          return { start, complete, rowCount, columns: compiled.read(row, rowCount) };
        }),
        skipped: compiled.skipped,
      }));
    } catch (e) {
      return call.failed(this.named(e, t));
    }
  }

  async tableStats(t: TableRef, opts: TableStatsOptions): Promise<Result<TableStats>> {
    const call = this.call({ ...opts, tag: { purpose: 'table-stats', ...opts.tag } });
    const observedAt = new Date().toISOString();
    try {
      const bad = checkTable(t) ?? (opts.timestampColumn ? checkName('column', opts.timestampColumn) : null);
      if (bad) throw bad;
      const run = (s: Stmt) => call.run(s).then((a) => a.rows);
      const meta = await this.engine.metadata(this.schemaOf(t), t.name, run);
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
      if (ts && !opts.exactMaxTimestamp && this.engine.metadataMax) {
        const max = await this.engine.metadataMax(this.schemaOf(t), t.name, ts, run);
        if (max) stats.maxTimestamp = { column: ts, value: max, exact: false, method: 'metadata' };
      }
      const params = new Params(this.engine.dialect);
      const since = ts && opts.since ? { column: ts, param: params.timestamp(opts.since) } : undefined;
      const needCount = stats.rowCount === null;
      const needMax = ts !== undefined && !stats.maxTimestamp;
      if (needCount || needMax || since) {
        const sql = fallbackStatsSql(this.engine.dialect, this.table(t), {
          count: needCount,
          ...(needMax ? { maxOf: ts } : {}),
          ...(since ? { since } : {}),
        });
        let row: Record<string, unknown>;
        try {
          row = (await call.run({ sql, params: params.values })).rows[0] ?? {};
        } catch (e) {
          throw await this.explainScanError(call, e, t, ts ? [ts] : []);
        }
        if (needCount)
          stats.rowCount = { value: toNumber(row[ROW_COUNT_ALIAS]) ?? 0, exact: true, method: 'query' };
        if (needMax)
          stats.maxTimestamp = { column: ts, value: toIso(row.max_ts), exact: true, method: 'query' };
        if (ts && opts.since)
          stats.rowsSince = { since: opts.since.toISOString(), value: toNumber(row.rows_since) ?? 0 };
      }
      return call.finish(() => stats);
    } catch (e) {
      return call.failed(this.named(e, t));
    }
  }

  async runQuery(text: string, opts: RunQueryOptions): Promise<Result<QueryResult>> {
    const call = this.call({ ...opts, tag: { purpose: 'custom-sql', ...opts.tag } });
    try {
      const rejected =
        checkReadOnly(text, this.engine.guard) ?? (await this.engine.driver.checkStatement?.(text)) ?? null;
      if (rejected) throw rejected;
      const body = text.trim().replace(/;\s*$/, '');
      const answer = await call.run({ sql: body, params: [] }, true);
      const max = opts.maxRows ?? 1000;
      return call.finish(() => ({
        columns: answer.columns,
        rows: answer.rows
          .slice(0, max)
          .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toCell(v)]))),
        truncated: answer.rows.length > max,
      }));
    } catch (e) {
      return call.failed(e);
    }
  }

  close(): Promise<void> {
    return this.engine.driver.close();
  }
}
