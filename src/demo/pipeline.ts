import type { ServiceContext } from '../services/context.js';
import { recordPing } from '../services/heartbeats.js';
import type { Job } from '../worker/worker.js';
import { loadEvents } from './lineage-events.js';
import { respondToIncidents } from './responder.js';
import { loadPlan } from './shop-model.js';
import { FAULTS, HOUR } from './timeline.js';
import { type Warehouse, writeLoads } from './warehouse.js';
import { postLineage, readColumns } from './workspace.js';

/** What the demo keeps between runs, so a restart resumes where it stopped. */
export interface DemoState {
  version: 1;
  /** The first live load, in simulated epoch ms. */
  t0: number;
  nextLoad: number;
  /** Simulated time when last saved: a restart resumes the clock here. */
  simNow: number;
  faults: boolean;
  heartbeatToken: string;
  adminToken: string;
}

export type DemoEvent =
  | { kind: 'load'; k: number; at: Date }
  | { kind: 'fault'; k: number; at: Date; id: string; title: string }
  | { kind: 'healed'; k: number; at: Date; id: string; title: string };

/**
 * The shop's hourly pipeline, driven by the app's clock: each turn it runs every load whose hour
 * has come (writing rows, posting its OpenLineage events, pinging the heartbeat), then lets the
 * on-call engineer act on incidents. Runs as a worker job, so tests drive it with `tick()`.
 */
export class DemoPipeline {
  constructor(
    private readonly warehouse: Warehouse,
    readonly state: DemoState,
    private readonly save: (state: DemoState) => void,
    private readonly onEvent: (e: DemoEvent) => void = () => {},
  ) {}

  /** When the next load is due, so a test can move its clock straight there. */
  nextLoadAt(): number {
    return this.state.t0 + this.state.nextLoad * HOUR;
  }

  async advance(ctx: ServiceContext): Promise<void> {
    const now = ctx.clock.now();
    while (this.nextLoadAt() <= now.getTime()) {
      await this.load(ctx, this.state.nextLoad);
      this.state.nextLoad++;
      this.state.simNow = now.getTime();
      this.save(this.state);
    }
    await respondToIncidents(ctx);
    this.state.simNow = now.getTime();
  }

  private async load(ctx: ServiceContext, k: number): Promise<void> {
    const plan = loadPlan(k, this.state.t0, this.state.faults);
    const at = ctx.clock.now();
    await writeLoads(this.warehouse, [plan]);
    const columns = await readColumns(async (sql) =>
      (await this.warehouse.connection.runAndReadAll(sql)).getRows().map((r) => r.map(String)),
    );
    await postLineage(ctx, loadEvents(plan, columns, at));
    if (plan.heartbeat)
      await recordPing({ ctx, input: { token: this.state.heartbeatToken, kind: 'success' } });
    this.onEvent({ kind: 'load', k, at });
    if (!this.state.faults) return;
    for (const f of FAULTS) {
      if (f.fromLoad === k) this.onEvent({ kind: 'fault', k, at, id: f.id, title: f.title });
      if (f.untilLoad === k) this.onEvent({ kind: 'healed', k, at, id: f.id, title: f.title });
    }
  }
}

export function demoJob(pipeline: DemoPipeline, everyMs = 1_000): Job {
  return { name: 'demo-pipeline', everyMs, run: (ctx) => pipeline.advance(ctx) };
}
