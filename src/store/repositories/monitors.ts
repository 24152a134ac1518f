import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../executor.js';
import type { MonitorRow, MonitorsTable } from '../schema.js';

export async function insertMonitor(db: Executor, row: Insertable<MonitorsTable>): Promise<void> {
  await db.insertInto('monitors').values(row).execute();
}

export async function findLiveMonitor(db: Executor, idOrName: string): Promise<MonitorRow | undefined> {
  return db
    .selectFrom('monitors')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface MonitorFilter {
  sourceId?: string | undefined;
  kind?: string | undefined;
  asset?: string | undefined;
  status?: string | undefined;
  origin?: string | undefined;
}

export async function listLiveMonitors(db: Executor, f: MonitorFilter = {}): Promise<MonitorRow[]> {
  let q = db.selectFrom('monitors').selectAll().where('deleted_at', 'is', null).orderBy('name');
  if (f.sourceId) q = q.where('source_id', '=', f.sourceId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.asset) q = q.where('asset', '=', f.asset);
  if (f.status) q = q.where('last_status', '=', f.status);
  if (f.origin) q = q.where('origin', '=', f.origin);
  return q.execute();
}

export async function updateMonitorRow(
  db: Executor,
  id: string,
  patch: Updateable<MonitorsTable>,
): Promise<void> {
  await db.updateTable('monitors').set(patch).where('id', '=', id).execute();
}

/**
 * Leases up to `limit` due monitors to one worker. FOR UPDATE SKIP LOCKED lets several workers
 * on one PostgreSQL store ask at once without waiting on, or taking, each other's rows; the lease
 * expiry hands a crashed worker's monitors to the others.
 */
export async function leaseDueMonitors(
  db: Executor,
  opts: { workerId: string; now: Date; leaseMs: number; limit: number },
): Promise<MonitorRow[]> {
  const until = new Date(opts.now.getTime() + opts.leaseMs);
  const { rows } = await sql<MonitorRow>`
    update monitors set lease_owner = ${opts.workerId}, lease_expires_at = ${until}
    where id in (
      select id from monitors
      where deleted_at is null and enabled and next_run_at <= ${opts.now}
        and (lease_expires_at is null or lease_expires_at < ${opts.now})
      order by next_run_at
      limit ${opts.limit}
      for update skip locked
    )
    returning *`.execute(db);
  return rows;
}

export interface FinishedRun {
  id: string;
  nextRunAt: Date;
  status: string;
  at: Date;
  detectorState: string;
}

/**
 * Ends runs: the next due time, the outcome, the detector state, and the lease given back — one
 * statement for a whole batch. A run whose lease another worker took over meanwhile (it ran past
 * its lease) does not overwrite that worker's progress.
 */
export async function finishMonitorRuns(db: Executor, workerId: string, runs: FinishedRun[]): Promise<void> {
  if (runs.length === 0) return;
  const values = sql.join(
    runs.map(
      (r) =>
        sql`(${r.id}, ${r.nextRunAt}::timestamptz, ${r.status}, ${r.at}::timestamptz, ${r.detectorState}::jsonb)`,
    ),
  );
  await sql`
    update monitors as m set next_run_at = v.next_run_at, last_status = v.status, last_run_at = v.at,
      detector_state = v.state, lease_owner = null, lease_expires_at = null
    from (values ${values}) as v(id, next_run_at, status, at, state)
    where m.id = v.id and (m.lease_owner = ${workerId} or m.lease_owner is null)`.execute(db);
}
