import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createVigil, type Vigil } from '../app.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import { type DemoEvent, DemoPipeline, type DemoState, demoJob } from './pipeline.js';
import { ScaledClock } from './scaled-clock.js';
import { type LoadPlan, loadPlan } from './shop-model.js';
import { HISTORY_DAYS, HOUR, MINUTE, SCHEDULE_LOADS } from './timeline.js';
import { createTables, openWarehouse, type Warehouse, writeLoads } from './warehouse.js';
import { readColumns, setupWorkspace } from './workspace.js';

export interface DemoOptions {
  /** The demo's own folder: its store, its warehouse file and its state. */
  dir: string;
  /** Simulated seconds per real second (60: an hour a minute). */
  speed: number;
  faults: boolean;
  /** Start over: delete the folder first. */
  reset?: boolean;
  /** A clock the caller moves (tests); its time is the demo's start on a fresh demo. */
  clock?: Clock;
  http?: boolean;
  /** False: the worker runs only on `vigil.worker.tick()`. */
  autostartWorker?: boolean;
  memoryStore?: boolean;
  log?: Logger;
  onEvent?: (e: DemoEvent) => void;
}

export interface Demo {
  vigil: Vigil;
  pipeline: DemoPipeline;
  state: DemoState;
  clock: Clock;
  /** True when this start built the workspace (a fresh demo or after --reset). */
  fresh: boolean;
  close(): Promise<void>;
}

/**
 * Where a fresh demo's clock starts: 08:50 UTC on the latest day whose whole fault schedule lies
 * before now, so the schedule plays in business hours and every time the UI shows is in the past.
 */
export function demoStart(realNow: number): Date {
  const day = 24 * HOUR;
  let start = Math.floor(realNow / day) * day + 8 * HOUR + 45 * MINUTE;
  while (start + (SCHEDULE_LOADS + 1) * HOUR > realNow) start -= day;
  return new Date(start);
}

function readState(path: string): DemoState | undefined {
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, 'utf8')) as DemoState;
  return state.version === 1 && state.heartbeatToken ? state : undefined;
}

/** The clean loads of the four weeks before the first live load. */
function historyPlans(t0: number): LoadPlan[] {
  const plans = [];
  for (let k = -HISTORY_DAYS * 24; k < 0; k++) plans.push(loadPlan(k, t0, false));
  return plans;
}

async function writeHistory(w: Warehouse, t0: number): Promise<void> {
  await createTables(w);
  await writeLoads(w, historyPlans(t0));
}

/**
 * Starts Vigil on the demo workspace: on a fresh start it writes four weeks of warehouse history,
 * builds the workspace (see workspace.ts) and then starts the clock; on a later start it resumes
 * the clock where it stopped. The pipeline runs as a worker job, before the built-in ones.
 */
export async function startDemo(config: Config, opts: DemoOptions): Promise<Demo> {
  if (opts.reset) rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(opts.dir, { recursive: true });
  const statePath = join(opts.dir, 'demo.json');
  const warehousePath = join(opts.dir, 'shop.duckdb');
  const saved = readState(statePath);
  const fresh = saved === undefined;
  if (fresh) {
    // A half-built demo (stopped during set-up) cannot be resumed: start it again from nothing.
    for (const part of ['store', 'shop.duckdb', 'shop.duckdb.wal', 'demo.json'])
      rmSync(join(opts.dir, part), { recursive: true, force: true });
  }
  const start = saved ? new Date(saved.simNow) : (opts.clock?.now() ?? demoStart(Date.now()));
  const scaled = opts.clock ? undefined : new ScaledClock(start, opts.speed);
  const clock = opts.clock ?? (scaled as ScaledClock);
  const state: DemoState = saved ?? {
    version: 1,
    t0: Math.ceil(start.getTime() / HOUR) * HOUR,
    nextLoad: 0,
    simNow: start.getTime(),
    faults: opts.faults,
    heartbeatToken: '',
    adminToken: config.security.adminToken ?? `vgl_demo_${randomBytes(24).toString('base64url')}`,
  };
  const save = (s: DemoState) => writeFileSync(statePath, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  const warehouse = await openWarehouse(warehousePath);
  if (fresh) await writeHistory(warehouse, state.t0);
  const pipeline = new DemoPipeline(warehouse, state, save, opts.onEvent);
  const { databaseUrl: _ignored, ...store } = config.store;
  const vigil = await createVigil(
    {
      ...config,
      store: { ...store, dataDir: join(opts.dir, 'store') },
      security: { ...config.security, adminToken: state.adminToken },
    },
    {
      clock,
      jobs: [demoJob(pipeline)],
      http: opts.http ?? true,
      autostartWorker: opts.autostartWorker ?? true,
      ...(opts.memoryStore ? { memoryStore: true } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    },
  ).catch((error: unknown) => {
    warehouse.close();
    throw error;
  });
  try {
    if (fresh) {
      const columns = await readColumns(async (sql) =>
        (await warehouse.connection.runAndReadAll(sql)).getRows().map((r) => r.map(String)),
      );
      const workspace = await setupWorkspace(vigil, {
        warehousePath,
        warehouse,
        history: historyPlans(state.t0),
        columns,
      });
      state.heartbeatToken = workspace.heartbeatToken;
      save(state);
    }
  } catch (error) {
    await vigil.close();
    warehouse.close();
    throw error;
  }
  scaled?.start();
  return {
    vigil,
    pipeline,
    state,
    clock,
    fresh,
    async close() {
      await vigil.close();
      state.simNow = clock.now().getTime();
      save(state);
      warehouse.close();
    },
  };
}
