import { type Result, SourceError } from '../errors.js';
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
import { Call } from './call.js';
import { columnsOf, explainScanError, named, typedPlan } from './columns.js';
import type { SqlEngine } from './driver.js';
import { readTableStats } from './table-stats.js';
import { checkName, checkTable, qualified } from './identifiers.js';
import { compilePlan } from './metric-plan.js';
import { checkReadOnly, statementText } from './read-only-guard.js';
import { backfillSql, Params, profileSql, ROW_COUNT_ALIAS, segmentSql } from './statements.js';
import { toCell, toIso, toNumber, toText } from './values.js';

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

  async describeTable(t: TableRef, opts?: Partial<CallOptions>): Promise<Result<ColumnInfo[]>> {
    const call = this.call({ tag: { purpose: 'describe' }, ...opts });
    const bad = checkTable(t);
    if (bad) return call.failed(bad);
    try {
      const cols = await columnsOf(this.engine, call, t);
      return call.finish(() => cols);
    } catch (e) {
      return call.failed(e);
    }
  }

  async profile(t: TableRef, plan: MetricPlan, opts: CallOptions): Promise<Result<ProfileResult>> {
    const call = this.call({ ...opts, tag: { purpose: 'profile', ...opts.tag } });
    const asOf = plan.asOf ?? new Date();
    try {
      const typed = await typedPlan(this.engine, call, t, plan, []);
      const params = new Params(this.engine.dialect);
      const compiled = compilePlan(this.engine.dialect, typed, asOf, params, plan.accuracy);
      const stmt = { sql: profileSql(this.engine.dialect, this.table(t), compiled), params: params.values };
      let rows: Record<string, unknown>[];
      try {
        rows = (await call.run(stmt)).rows;
      } catch (e) {
        throw await explainScanError(
          this.engine,
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
        estimated: compiled.estimated,
        asOf: asOf.toISOString(),
      }));
    } catch (e) {
      return call.failed(named(e, t));
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
      const typed = await typedPlan(this.engine, call, t, plan, []);
      const params = new Params(this.engine.dialect);
      const compiled = compilePlan(this.engine.dialect, typed, asOf, params, plan.accuracy);
      const sql = segmentSql(this.engine.dialect, this.table(t), segment.column, segment.limit, compiled);
      let rows: Record<string, unknown>[];
      try {
        rows = (await call.run({ sql, params: params.values })).rows;
      } catch (e) {
        throw await explainScanError(this.engine, call, e, t, [segment.column, ...typed.map((c) => c.name)]);
      }
      return call.finish(() => ({
        segments: rows.map((row) => {
          const rowCount = toNumber(row[ROW_COUNT_ALIAS]) ?? 0;
          return { value: toText(row.segment) ?? '', rowCount, columns: compiled.read(row, rowCount) };
        }),
        skipped: compiled.skipped,
        estimated: compiled.estimated,
        asOf: asOf.toISOString(),
      }));
    } catch (e) {
      return call.failed(named(e, t));
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
      const typed = await typedPlan(this.engine, call, t, { ...plan, asOf }, []);
      const step = b.bucket === 'hour' ? 3_600_000 : 86_400_000;
      const since = new Date(Math.floor((asOf.getTime() - b.days * 86_400_000) / step) * step);
      const params = new Params(this.engine.dialect);
      const compiled = compilePlan(this.engine.dialect, typed, asOf, params, plan.accuracy);
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
        throw await explainScanError(this.engine, call, e, t, [
          b.timestampColumn,
          ...typed.map((c) => c.name),
        ]);
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
        estimated: compiled.estimated,
      }));
    } catch (e) {
      return call.failed(named(e, t));
    }
  }

  tableStats(t: TableRef, opts: TableStatsOptions): Promise<Result<TableStats>> {
    const call = this.call({ ...opts, tag: { purpose: 'table-stats', ...opts.tag } });
    return readTableStats(
      {
        engine: this.engine,
        call,
        schema: this.schemaOf(t),
        table: this.table(t),
        explain: (e, names) => explainScanError(this.engine, call, e, t, names),
      },
      t,
      opts,
    ).then(
      (stats) => call.finish(() => stats),
      (e: unknown) => call.failed(named(e, t)),
    );
  }

  async runQuery(text: string, opts: RunQueryOptions): Promise<Result<QueryResult>> {
    const call = this.call({ ...opts, tag: { purpose: 'custom-sql', ...opts.tag } });
    try {
      const rejected =
        checkReadOnly(text, this.engine.guard) ?? (await this.engine.driver.checkStatement?.(text)) ?? null;
      if (rejected) throw rejected;
      const body = statementText(text, this.engine.guard);
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
