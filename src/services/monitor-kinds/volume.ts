import { z } from 'zod';
import {
  boundsSchema,
  detectionSchema,
  detectorOptions,
  errorOutcome,
  notATableSource,
  requireTableSource,
  tableRef,
} from './common.js';
import { backfillSchema } from './backfill-config.js';
import { judge, outcomeOf } from './judge.js';
import type { MonitorKindStrategy } from './kind.js';

const config = z
  .object({
    /** Count exactly (a count query) instead of reading the catalog's estimate. */
    exact: z.boolean().default(false),
    /** Static bounds on the rows added since the last run (or on the row count with `on: rows`). */
    bounds: boundsSchema.optional(),
    /** What is judged: rows added per run (default), or the total row count. */
    on: z.enum(['rows_added', 'row_count']).default('rows_added'),
    detection: detectionSchema,
    /** Train the baseline from the table's own history on create (see backfill-config.ts). */
    backfill: backfillSchema.optional(),
  })
  .strict();

type VolumeConfig = z.infer<typeof config>;

export const volumeKind: MonitorKindStrategy<VolumeConfig> = {
  kind: 'volume',
  configSchema: config,
  describe: (m, c) =>
    `${c.on === 'rows_added' ? 'rows added to' : 'row count of'} ${m.asset}, ${c.bounds ? 'static bounds' : 'learned baseline'}`,
  async run({ source, monitor, state, now, tag, timeoutMs }, c) {
    const tables = requireTableSource(source);
    if (!tables) return { outcome: notATableSource, samples: [], state, cost: { queries: 0, wallMs: 0 } };
    const res = await tables.tableStats(tableRef(monitor.asset), { tag, timeoutMs, exactRowCount: c.exact });
    if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost: res.cost };
    const count = res.value.rowCount;
    if (!count) {
      return {
        outcome: {
          status: 'error',
          observed: null,
          expected: null,
          score: null,
          message: `the source gave no row count for ${monitor.asset}`,
          details: { code: 'UNSUPPORTED' },
        },
        samples: [],
        state,
        cost: res.cost,
      };
    }
    const previous = state.memory.rowCount as number | undefined;
    const added = previous === undefined ? undefined : count.value - previous;
    const memory = { ...state.memory, rowCount: count.value };
    const samples = [
      { metric: 'row_count', value: count.value },
      ...(added === undefined ? [] : [{ metric: 'rows_added', value: added }]),
    ];
    const judged = c.on === 'row_count' ? count.value : added;
    if (judged === undefined) {
      return {
        outcome: {
          status: 'learning',
          observed: count.value,
          expected: null,
          score: null,
          message: `first count of ${monitor.asset}: ${count.value.toLocaleString('en-US')} rows${count.exact ? '' : ' (estimated)'}`,
        },
        samples,
        state: { ...state, memory },
        cost: res.cost,
      };
    }
    const label = c.on === 'row_count' ? 'row count' : 'rows added';
    const j = judge({ ...state, memory }, c.on, now, judged, {
      bounds: c.bounds,
      detector: c.detection.detector,
      metricKind: 'volume',
      options: detectorOptions(c.detection, label),
    });
    return {
      outcome: outcomeOf(j.verdict, judged, { rowCount: count.value, exact: count.exact }),
      samples,
      state: j.state,
      cost: res.cost,
    };
  },
};
