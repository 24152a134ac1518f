import type { z } from 'zod';
import type { CheckOutcome, Monitor, MonitorKind } from '../../domain/monitor.js';
import type { QueryCost, Source } from '../../sources/source.js';

/** A value collected by a run, stored as a metric point for charts and history. */
export interface MetricSample {
  metric: string;
  segment?: string | undefined;
  value: number;
}

/** What a monitor keeps between runs: detector states by metric key, and kind-specific memory. */
export interface MonitorState {
  detectors: Record<string, unknown>;
  memory: Record<string, unknown>;
}

export interface KindRunInput {
  monitor: Monitor;
  source: Source;
  state: MonitorState;
  now: Date;
  /** Leading comment on every statement, so the warehouse admin can attribute the cost. */
  tag: { monitorId: string; purpose: string };
  timeoutMs: number;
}

export interface KindRun {
  outcome: CheckOutcome;
  samples: MetricSample[];
  state: MonitorState;
  cost: QueryCost;
  /** A schema snapshot to store (schema monitors), with its diff from the last one. */
  schemaSnapshot?: { columns: unknown; diff: unknown } | undefined;
}

/**
 * One monitor kind: how to check its config, collect from a source and judge what came back.
 * The scheduler only ever calls `run`; adding a kind is a new file and a line in the registry.
 */
export interface MonitorKindStrategy<C = Record<string, unknown>> {
  kind: MonitorKind;
  configSchema: z.ZodType<C>;
  /** One line a person reads in lists: "rows of shop.orders, learned baseline". */
  describe(monitor: Monitor, config: C): string;
  run(input: KindRunInput, config: C): Promise<KindRun>;
}
