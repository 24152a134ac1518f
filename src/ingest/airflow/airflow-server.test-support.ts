import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 that answers like Airflow's REST API: the stable API v1 of
 * Airflow 2 (basic auth) or the API v2 of Airflow 3 (bearer token from POST /auth/token), with the
 * documented response shapes, filters (end_date_gte, state), order_by and limit/offset paging.
 */
export interface Run {
  dagId: string;
  runId: string;
  state: string;
  logical: string;
  start: string | null;
  end: string | null;
  tasks: { taskId: string; state: string; start: string | null; end: string | null; operator: string }[];
}

/** What GET /dags tells about a DAG; DAGs with runs but no entry here get Airflow's defaults. */
export interface DagMeta {
  description?: string | null;
  owners?: string[];
  tags?: string[];
  /** A cron expression or preset, as the DAG file declares it. */
  cron?: string | null;
  /** Airflow's words for the schedule (timetable_description). */
  cronText?: string | null;
  paused?: boolean;
}

export interface AirflowServer {
  url: string;
  runs: Run[];
  requests: string[];
  /** Airflow 3: forget issued tokens, as when they expire. */
  expireTokens(): void;
  close(): Promise<void>;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function dagRunBody(version: 2 | 3, r: Run) {
  const logical = Date.parse(r.logical);
  const common = {
    dag_run_id: r.runId,
    dag_id: r.dagId,
    logical_date: r.logical,
    start_date: r.start,
    end_date: r.end,
    data_interval_start: r.logical,
    data_interval_end: iso(logical + DAY),
    last_scheduling_decision: r.end ?? r.start,
    run_type: 'scheduled',
    state: r.state,
    conf: {},
    note: null,
  };
  if (version === 2) return { ...common, execution_date: r.logical, external_trigger: false };
  return {
    ...common,
    queued_at: r.start,
    run_after: iso(logical + DAY),
    duration: r.start && r.end ? (Date.parse(r.end) - Date.parse(r.start)) / 1000 : null,
    triggered_by: 'timetable',
    dag_versions: [],
    bundle_version: null,
    dag_display_name: r.dagId,
  };
}

/** A DAG as /api/v1/dags (Airflow 2.10) or /api/v2/dags (Airflow 3) lists it. */
function dagBody(version: 2 | 3, dagId: string, m: DagMeta) {
  const tags = (m.tags ?? []).map((name) => (version === 2 ? { name } : { name, dag_id: dagId }));
  const common = {
    dag_id: dagId,
    is_paused: m.paused ?? false,
    fileloc: `/opt/airflow/dags/${dagId}.py`,
    description: m.description ?? null,
    owners: m.owners ?? ['airflow'],
    tags,
    timetable_description: m.cronText ?? null,
    max_active_tasks: 16,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_data_interval_start: null,
    next_dagrun_data_interval_end: null,
  };
  const cron = m.cron ?? null;
  if (version === 2) {
    return {
      ...common,
      root_dag_id: null,
      is_active: true,
      is_subdag: false,
      file_token: Buffer.from(dagId).toString('base64'),
      // Airflow 2 sends the schedule as an object by its Python type.
      schedule_interval: cron === null ? null : { __type: 'CronExpression', value: cron },
      default_view: 'grid',
    };
  }
  return {
    ...common,
    dag_display_name: dagId,
    is_stale: false,
    last_parsed_time: null,
    bundle_name: 'dags-folder',
    relative_fileloc: `${dagId}.py`,
    timetable_summary: cron,
    max_active_runs: 16,
    max_consecutive_failed_dag_runs: 0,
  };
}

function taskBody(version: 2 | 3, r: Run, t: Run['tasks'][number]) {
  const common = {
    task_id: t.taskId,
    dag_id: r.dagId,
    dag_run_id: r.runId,
    map_index: -1,
    start_date: t.start,
    end_date: t.end,
    duration: t.start && t.end ? (Date.parse(t.end) - Date.parse(t.start)) / 1000 : null,
    state: t.state,
    try_number: 1,
    max_tries: 2,
    hostname: 'worker-1',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: t.operator,
    queued_when: t.start,
    pid: 4242,
    note: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
  };
  if (version === 2) return { ...common, execution_date: r.logical, executor_config: '{}', sla_miss: null };
  return {
    ...common,
    id: randomUUID(),
    logical_date: r.logical,
    run_after: r.logical,
    task_display_name: t.taskId,
    executor: null,
  };
}

function page<T extends { end_date: string | null; state: string | null }>(items: T[], q: URLSearchParams) {
  let out = items;
  const gte = q.get('end_date_gte');
  if (gte) out = out.filter((i) => i.end_date !== null && Date.parse(i.end_date) >= Date.parse(gte));
  const states = q.getAll('state');
  if (states.length > 0) out = out.filter((i) => i.state !== null && states.includes(i.state));
  const order = q.get('order_by');
  if (order) {
    const key = order.replace(/^-/, '') as 'end_date';
    const sign = order.startsWith('-') ? -1 : 1;
    out = [...out].sort((a, b) => sign * (Date.parse(a[key] ?? '') - Date.parse(b[key] ?? '')));
  }
  const limit = Number(q.get('limit') ?? 50);
  const offset = Number(q.get('offset') ?? 0);
  return { items: out.slice(offset, offset + limit), total: out.length };
}

export async function startAirflowServer(
  version: 2 | 3,
  runs: Run[],
  user = 'vigil',
  password = 's3cret',
  dagMeta: Record<string, DagMeta> = {},
): Promise<AirflowServer> {
  const tokens = new Set<string>();
  const requests: string[] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    let data = '';
    for await (const chunk of req) data += chunk;
    return data;
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (version === 3 && req.method === 'POST' && url.pathname === '/auth/token') {
      const body = JSON.parse((await readBody(req)) || '{}') as { username?: string; password?: string };
      if (body.username !== user || body.password !== password)
        return send(res, 401, { detail: 'Invalid credentials' });
      const token = `eyJ.${randomUUID()}`;
      tokens.add(token);
      return send(res, 201, { access_token: token });
    }
    const prefix = version === 3 ? '/api/v2/' : '/api/v1/';
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { detail: 'Not Found' });
    const auth = req.headers.authorization ?? '';
    const allowed =
      version === 2
        ? auth === `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
        : auth.startsWith('Bearer ') && tokens.has(auth.slice(7));
    if (!allowed) {
      return version === 2
        ? send(res, 401, {
            detail: null,
            status: 401,
            title: 'Unauthorized',
            type: 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/Unauthenticated',
          })
        : send(res, 401, { detail: 'Not authenticated' });
    }
    if (url.pathname.slice(prefix.length) === 'dags') {
      const ids = [...new Set([...runs.map((r) => r.dagId), ...Object.keys(dagMeta)])].sort();
      const dags = ids.map((id) => dagBody(version, id, dagMeta[id] ?? {}));
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return send(res, 200, { dags: dags.slice(offset, offset + limit), total_entries: dags.length });
    }
    const m = /^dags\/([^/]+)\/dagRuns(?:\/([^/]+)\/taskInstances)?$/.exec(url.pathname.slice(prefix.length));
    if (!m) return send(res, 404, { detail: 'Not Found' });
    const dagId = decodeURIComponent(m[1]!);
    const selected = runs.filter((r) => dagId === '~' || r.dagId === dagId);
    if (m[2] === undefined) {
      const p = page(
        selected.map((r) => dagRunBody(version, r)),
        url.searchParams,
      );
      return send(res, 200, { dag_runs: p.items, total_entries: p.total });
    }
    const tasks = selected.filter((r) => m[2] === '~' || r.runId === decodeURIComponent(m[2]!));
    const p = page(
      tasks.flatMap((r) => r.tasks.map((t) => taskBody(version, r, t))),
      url.searchParams,
    );
    return send(res, 200, { task_instances: p.items, total_entries: p.total });
  };
  const server: Server = createServer((req, res) => {
    handler(req, res).catch(() => send(res, 500, { detail: 'Internal Server Error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    requests,
    expireTokens: () => tokens.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
