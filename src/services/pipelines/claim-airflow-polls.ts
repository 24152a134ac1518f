import { START_CURSOR } from '../../ingest/airflow/index.js';
import { json } from '../../store/executor.js';
import type { ServiceContext } from '../context.js';

/** A claimed poll is someone's for this long; a worker that died mid-poll frees it after. */
const LEASE_MS = 5 * 60_000;

/**
 * The Airflow sources due for a poll, each claimed by pushing its next poll past a lease with a
 * conditional update, so several workers on one database never poll the same Airflow twice.
 */
export async function claimAirflowPolls({ ctx }: { ctx: ServiceContext }): Promise<string[]> {
  const now = ctx.clock.now();
  const sources = await ctx.store.db
    .selectFrom('sources')
    .select('id')
    .where('kind', '=', 'airflow')
    .where('deleted_at', 'is', null)
    .execute();
  const claimed: string[] = [];
  for (const { id } of sources) {
    await ctx.store.db
      .insertInto('airflow_pollers')
      .values({
        source_id: id,
        dag_cursor: json(START_CURSOR),
        task_cursor: json(START_CURSOR),
        failures: 0,
        next_poll_at: now,
        last_polled_at: null,
        last_error: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('source_id').doNothing())
      .execute();
    const r = await ctx.store.db
      .updateTable('airflow_pollers')
      .set({ next_poll_at: new Date(now.getTime() + LEASE_MS) })
      .where('source_id', '=', id)
      .where('next_poll_at', '<=', now)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) claimed.push(id);
  }
  return claimed;
}
