import { type Insertable, sql } from 'kysely';
import type { Executor } from '../executor.js';
import type { CheckResultRow, CheckResultsTable, MetricPointsTable } from '../schema.js';

export async function insertCheckResults(
  db: Executor,
  rows: Insertable<CheckResultsTable>[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const r = await db
      .insertInto('check_results')
      .values(rows.slice(i, i + 500))
      .returning('id')
      .execute();
    ids.push(...r.map((x) => Number(x.id)));
  }
  return ids;
}

export async function listCheckResults(
  db: Executor,
  q: { monitorId?: string | undefined; status?: string | undefined; since?: Date | undefined; limit: number },
): Promise<CheckResultRow[]> {
  let query = db
    .selectFrom('check_results')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.monitorId) query = query.where('monitor_id', '=', q.monitorId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.since) query = query.where('at', '>=', q.since);
  return query.execute();
}

/** Points are keyed by (monitor, metric, segment, time): a retried run never doubles one. */
export async function insertMetricPoints(
  db: Executor,
  points: Insertable<MetricPointsTable>[],
): Promise<void> {
  for (let i = 0; i < points.length; i += 500) {
    await db
      .insertInto('metric_points')
      .values(points.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['monitor_id', 'metric', 'segment', 'at'])
          .doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
      )
      .execute();
  }
}

export async function metricHistory(
  db: Executor,
  q: {
    monitorId: string;
    metric?: string | undefined;
    segment?: string | undefined;
    since?: Date | undefined;
    limit: number;
  },
) {
  let query = db
    .selectFrom('metric_points')
    .select(['metric', 'segment', 'at', 'value'])
    .where('monitor_id', '=', q.monitorId)
    .orderBy('at', 'desc')
    .limit(q.limit);
  if (q.metric) query = query.where('metric', '=', q.metric);
  if (q.segment !== undefined) query = query.where('segment', '=', q.segment);
  if (q.since) query = query.where('at', '>=', q.since);
  return (await query.execute()).reverse();
}

export interface SourceCost {
  sourceId: string;
  runs: number;
  queries: number;
  queryMs: number;
  bytesScanned: number;
}

/** What Vigil itself spent on each source's warehouse since a time. */
export async function costBySource(db: Executor, since: Date): Promise<SourceCost[]> {
  const { rows } = await sql<{
    source_id: string;
    runs: number;
    queries: number;
    query_ms: number;
    bytes: number | null;
  }>`
    select source_id, count(*)::int as runs, coalesce(sum(queries), 0)::int as queries,
      coalesce(sum(query_ms), 0)::bigint as query_ms, sum(bytes_scanned)::bigint as bytes
    from check_results where at >= ${since} group by source_id order by source_id`.execute(db);
  return rows.map((r) => ({
    sourceId: r.source_id,
    runs: r.runs,
    queries: r.queries,
    queryMs: Number(r.query_ms),
    bytesScanned: Number(r.bytes ?? 0),
  }));
}

export async function latestSchemaSnapshot(db: Executor, monitorId: string) {
  return db
    .selectFrom('schema_snapshots')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listSchemaSnapshots(db: Executor, monitorId: string, limit: number) {
  return db
    .selectFrom('schema_snapshots')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
