import type { AirflowClient } from './client.js';
import { mapDag, mapDagRun, mapTaskInstance } from './map.js';
import type { AirflowCursor, AirflowDag, AirflowDagRun, AirflowResult, AirflowTaskRun } from './types.js';

export interface PollOptions {
  /** One DAG, or every DAG ('~', the default). */
  dagId?: string;
  /** Page size (Airflow caps it at its maximum_page_limit, 100 by default). */
  pageSize?: number;
  /** Stop after this many items in one poll; the rest come next time. Default 5,000. */
  maxItems?: number;
}

export interface PollResult<T> {
  items: T[];
  cursor: AirflowCursor;
  /** True when maxItems cut the poll short: poll again soon. */
  more: boolean;
}

type Id = { endDate: string | null };

/**
 * Read everything that ended since the cursor, oldest end first, page by page with limit/offset.
 * end_date >= cursor (not >) so runs ending in the same instant are never lost; the ones already
 * read at that instant are skipped by id.
 */
async function pollEnded<T extends Id>(
  client: AirflowClient,
  path: string,
  key: string,
  map: (r: Record<string, unknown>) => T,
  idOf: (t: T) => string,
  cursor: AirflowCursor,
  options: PollOptions,
): Promise<AirflowResult<PollResult<T>>> {
  const limit = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? 5000;
  const seen = new Set(cursor.seenAtEndDate);
  const cursorMs = cursor.endDate === null ? Number.NaN : Date.parse(cursor.endDate);
  const items: T[] = [];
  let offset = 0;
  let more = false;
  for (;;) {
    const query: Record<string, string | number> = { limit, offset, order_by: 'end_date' };
    if (cursor.endDate) query.end_date_gte = cursor.endDate;
    const page = await client.list(path, key, query);
    if (!page.ok) return page;
    for (const raw of page.value.items) {
      const item = map(raw);
      if (item.endDate === null) continue;
      if (Date.parse(item.endDate) === cursorMs && seen.has(idOf(item))) continue;
      items.push(item);
    }
    offset += page.value.items.length;
    if (page.value.items.length < limit || offset >= page.value.totalEntries) break;
    if (items.length >= maxItems) {
      more = true;
      break;
    }
  }
  items.sort((a, b) => Date.parse(a.endDate!) - Date.parse(b.endDate!));
  if (items.length === 0) return { ok: true, value: { items, cursor, more } };
  const last = items[items.length - 1]!.endDate!;
  const lastMs = Date.parse(last);
  const atLast = items.filter((i) => Date.parse(i.endDate!) === lastMs).map(idOf);
  const next: AirflowCursor = {
    endDate: last,
    seenAtEndDate: lastMs === cursorMs ? [...new Set([...cursor.seenAtEndDate, ...atLast])] : atLast,
  };
  return { ok: true, value: { items, cursor: next, more } };
}

/** DAG runs finished since the cursor. */
export function pollDagRuns(
  client: AirflowClient,
  cursor: AirflowCursor,
  options: PollOptions = {},
): Promise<AirflowResult<PollResult<AirflowDagRun>>> {
  const dag = encodeURIComponent(options.dagId ?? '~');
  return pollEnded(
    client,
    `dags/${dag}/dagRuns`,
    'dag_runs',
    mapDagRun,
    (r) => `${r.dagId}/${r.runId}`,
    cursor,
    options,
  );
}

/** Task instances finished since the cursor, across all runs of the DAG(s). */
export function pollTaskInstances(
  client: AirflowClient,
  cursor: AirflowCursor,
  options: PollOptions = {},
): Promise<AirflowResult<PollResult<AirflowTaskRun>>> {
  const dag = encodeURIComponent(options.dagId ?? '~');
  const id = (t: AirflowTaskRun) => `${t.dagId}/${t.runId}/${t.taskId}/${t.mapIndex}/${t.tryNumber}`;
  return pollEnded(
    client,
    `dags/${dag}/dagRuns/~/taskInstances`,
    'task_instances',
    mapTaskInstance,
    id,
    cursor,
    options,
  );
}

/** DAG runs not finished yet (queued or running), for deadline checks. */
export async function listActiveDagRuns(
  client: AirflowClient,
  options: Pick<PollOptions, 'dagId' | 'pageSize' | 'maxItems'> = {},
): Promise<AirflowResult<AirflowDagRun[]>> {
  const limit = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? 5000;
  const dag = encodeURIComponent(options.dagId ?? '~');
  const runs: AirflowDagRun[] = [];
  for (let offset = 0; runs.length < maxItems; ) {
    const page = await client.list(`dags/${dag}/dagRuns`, 'dag_runs', {
      limit,
      offset,
      state: ['queued', 'running'],
    });
    if (!page.ok) return page;
    runs.push(...page.value.items.map(mapDagRun));
    offset += page.value.items.length;
    if (page.value.items.length < limit || offset >= page.value.totalEntries) break;
  }
  return { ok: true, value: runs };
}

/** Every DAG with its owners, tags, schedule and description (GET /dags, page by page). */
export async function listDags(
  client: AirflowClient,
  options: Pick<PollOptions, 'pageSize' | 'maxItems'> = {},
): Promise<AirflowResult<AirflowDag[]>> {
  const limit = options.pageSize ?? 100;
  const maxItems = options.maxItems ?? 5000;
  const dags: AirflowDag[] = [];
  for (let offset = 0; dags.length < maxItems; ) {
    const page = await client.list('dags', 'dags', { limit, offset });
    if (!page.ok) return page;
    dags.push(...page.value.items.map(mapDag));
    offset += page.value.items.length;
    if (page.value.items.length < limit || offset >= page.value.totalEntries) break;
  }
  return { ok: true, value: dags };
}
