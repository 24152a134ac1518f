import { asTableSource, tableUsage } from '../../sources/index.js';
import type { SourceRow } from '../../store/schema.js';
import { mutate, type ServiceContext } from '../context.js';
import type { SourceProvider } from '../source-provider.js';

export interface UsageCollection {
  source: string;
  available: boolean;
  reason: string | null;
  tables: number;
}

/** pg_stat_statements keeps the most-called statements; this many cover what matters. */
const STATEMENTS = 5000;

const STATS_SQL = `SELECT query, calls::float8 AS calls FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY calls DESC LIMIT ${STATEMENTS}`;

/** Postgres tables are named as OpenLineage names them: postgres://host:port/database.schema.table. */
export function postgresAssetName(config: Record<string, unknown>, table: string): string {
  return `postgres://${String(config.host)}:${Number(config.port ?? 5432)}/${String(config.database)}.${table}`;
}

const NOT_AVAILABLE =
  'pg_stat_statements is not available in this database: add it to shared_preload_libraries, restart, run CREATE EXTENSION pg_stat_statements, and grant pg_read_all_stats to Vigil’s user';

/**
 * Reads per table from one PostgreSQL source's pg_stat_statements (statement text and call counts;
 * never table data), stored as asset_usage rows named like the catalog's assets. A source without
 * the extension is recorded as "not available" with what to do, which the usage API shows.
 */
export async function collectUsage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { source: SourceRow; sources: SourceProvider };
}): Promise<UsageCollection> {
  const row = input.source;
  let answer: { available: boolean; reason: string | null; rows: Array<{ query: string; calls: number }> };
  if (row.kind !== 'postgres') {
    answer = {
      available: false,
      reason: `usage is read from PostgreSQL sources; this one is ${row.kind}`,
      rows: [],
    };
  } else {
    const source = asTableSource(input.sources.get(row));
    const r =
      'code' in source
        ? { ok: false as const, error: source }
        : await source.runQuery(STATS_SQL, { tag: { purpose: 'usage' }, maxRows: STATEMENTS });
    if (!r.ok) {
      const down = r.error.code === 'SOURCE_UNREACHABLE' || r.error.code === 'SOURCE_AUTH_FAILED';
      answer = { available: false, reason: down ? r.error.message : NOT_AVAILABLE, rows: [] };
    } else {
      const rows = r.value.rows.map((x) => ({ query: String(x.query ?? ''), calls: Number(x.calls ?? 0) }));
      answer = { available: true, reason: null, rows };
    }
  }
  const usage = tableUsage(answer.rows);
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    await trx.deleteFrom('asset_usage').where('source_id', '=', row.id).execute();
    for (let i = 0; i < usage.length; i += 500) {
      await trx
        .insertInto('asset_usage')
        .values(
          usage.slice(i, i + 500).map((u) => ({
            source_id: row.id,
            asset: postgresAssetName(row.config, u.table),
            reads: u.reads,
            writes: u.writes,
            statements: answer.rows.length,
            collected_at: now,
          })),
        )
        .execute();
    }
    // Today's reading replaces an earlier one of the same day: the last reading of a day counts.
    const day = now.toISOString().slice(0, 10);
    for (let i = 0; i < usage.length; i += 500) {
      await trx
        .insertInto('asset_usage_daily')
        .values(
          usage.slice(i, i + 500).map((u) => ({
            source_id: row.id,
            asset: postgresAssetName(row.config, u.table),
            day,
            reads: u.reads,
            writes: u.writes,
            collected_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['source_id', 'asset', 'day']).doUpdateSet((eb) => ({
            reads: eb.ref('excluded.reads'),
            writes: eb.ref('excluded.writes'),
            collected_at: eb.ref('excluded.collected_at'),
          })),
        )
        .execute();
    }
    const status = {
      available: answer.available,
      reason: answer.reason,
      stats_since: null,
      collected_at: now,
    };
    await trx
      .insertInto('usage_sources')
      .values({ source_id: row.id, ...status })
      .onConflict((oc) => oc.column('source_id').doUpdateSet(status))
      .execute();
    return {
      result: { source: row.name, available: answer.available, reason: answer.reason, tables: usage.length },
      audit: {
        action: 'usage.collect',
        targetType: 'source',
        targetId: row.id,
        summary: answer.available
          ? `read usage of ${usage.length} table(s) from "${row.name}"`
          : `usage not available from "${row.name}"`,
      },
    };
  });
}
