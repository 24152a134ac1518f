import { json } from '../../src/store/executor.js';
import type { Store } from '../../src/store/database.js';

const MIN = 60_000;

/** A source and a monitor to hang seeded check results on. */
export async function seedMonitor(store: Store, name: string, asset: string, at: Date): Promise<string> {
  const sourceId = `src_${name}`;
  await store.db
    .insertInto('sources')
    .values({
      id: sourceId,
      name: `wh-${name}`,
      kind: 'duckdb',
      description: '',
      config: json({}),
      secrets: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      deleted_by: null,
    })
    .execute();
  const id = `mon_${name}`;
  await store.db
    .insertInto('monitors')
    .values({
      id,
      name,
      kind: 'volume',
      source_id: sourceId,
      asset,
      config: json({}),
      schedule: json({ every: '1m' }),
      severity: 'ticket',
      owner: null,
      labels: json({}),
      runbook: null,
      description: '',
      enabled: false,
      paused_reason: null,
      origin: 'api',
      detector_state: null,
      next_run_at: at,
      lease_owner: null,
      lease_expires_at: null,
      last_status: null,
      last_run_at: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
      deleted_by: null,
    })
    .execute();
  return id;
}

/** One check result a minute over `minutes` up to `end`, failing where `fails(i)` says (i = minutes before end). */
export async function seedChecks(
  store: Store,
  monitorId: string,
  end: Date,
  minutes: number,
  fails: (minutesAgo: number) => boolean,
): Promise<void> {
  const rows = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const bad = fails(i);
    rows.push({
      monitor_id: monitorId,
      source_id: `src_${monitorId.slice(4)}`,
      at: new Date(end.getTime() - i * MIN),
      status: bad ? 'fail' : 'pass',
      message: bad ? 'too few rows' : 'ok',
      duration_ms: 12,
      queries: 1,
      query_ms: 5,
      observed: null,
      expected_lower: null,
      expected_upper: null,
      score: null,
      details: null,
      rows_scanned: null,
      bytes_scanned: null,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await store.db
      .insertInto('check_results')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}
