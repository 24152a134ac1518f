import { z } from 'zod';
import type { ColumnMetric, QueryCost } from '../../sources/source.js';
import { boundsSchema, errorOutcome, notATableSource, requireTableSource, tableRef } from './common.js';
import { judge, outcomeOf } from './judge.js';
import type { MonitorKindStrategy } from './kind.js';

const config = z
  .object({
    /** `row_count`, `age_seconds` (needs timestampColumn), or `<column>.<metric>` such as `amount.null_rate`. */
    metric: z
      .string()
      .regex(/^(row_count|age_seconds|[^.]+\.[a-z_0-9]+)$/, 'row_count, age_seconds or <column>.<metric>'),
    timestampColumn: z.string().optional(),
    bounds: boundsSchema,
  })
  .strict()
  .refine((c) => c.metric !== 'age_seconds' || c.timestampColumn, {
    message: 'age_seconds needs timestampColumn',
    path: ['timestampColumn'],
  });

type ThresholdConfig = z.infer<typeof config>;

export const thresholdKind: MonitorKindStrategy<ThresholdConfig> = {
  kind: 'threshold',
  configSchema: config,
  describe: (m, c) => `${c.metric} of ${m.asset} within [${c.bounds.min ?? '-∞'}, ${c.bounds.max ?? '∞'}]`,
  async run({ source, monitor, state, now, tag, timeoutMs }, c) {
    const tables = requireTableSource(source);
    if (!tables) return { outcome: notATableSource, samples: [], state, cost: { queries: 0, wallMs: 0 } };
    const table = tableRef(monitor.asset);
    let value: number | undefined;
    let cost: QueryCost;
    if (c.metric === 'row_count' || c.metric === 'age_seconds') {
      const res = await tables.tableStats(table, {
        tag,
        timeoutMs,
        exactRowCount: true,
        ...(c.timestampColumn ? { timestampColumn: c.timestampColumn } : {}),
      });
      if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost: res.cost };
      cost = res.cost;
      const latest = res.value.maxTimestamp?.value;
      value =
        c.metric === 'row_count'
          ? res.value.rowCount?.value
          : latest
            ? (now.getTime() - new Date(latest).getTime()) / 1000
            : undefined;
    } else {
      const [column, metric] = c.metric.split('.') as [string, ColumnMetric];
      const res = await tables.profile(
        table,
        { columns: [{ name: column, metrics: [metric] }], asOf: now },
        { tag, timeoutMs },
      );
      if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost: res.cost };
      cost = res.cost;
      const v = res.value.columns[column]?.[metric];
      value = typeof v === 'number' ? v : undefined;
    }
    if (value === undefined) {
      return {
        outcome: {
          status: 'error',
          observed: null,
          expected: null,
          score: null,
          message: `no value for ${c.metric} of ${monitor.asset}`,
        },
        samples: [],
        state,
        cost,
      };
    }
    const j = judge(state, c.metric, now, value, {
      bounds: c.bounds,
      metricKind: 'custom',
      options: { metricLabel: c.metric },
    });
    return {
      outcome: outcomeOf(j.verdict, value),
      samples: [{ metric: c.metric, value }],
      state: j.state,
      cost,
    };
  },
};
