import { z } from 'zod';
import { boundsSchema, detectionSchema, detectorOptions, errorOutcome } from './common.js';
import { judge, outcomeOf } from './judge.js';
import type { MonitorKindStrategy } from './kind.js';

const config = z
  .object({
    sql: z.string().min(1),
    /**
     * value: the first column of the first row is the metric (orders per hour);
     * failing_rows: every row returned is a violation (duplicates, orphans), and none is a pass.
     */
    mode: z.enum(['value', 'failing_rows']).default('value'),
    bounds: boundsSchema.optional(),
    detection: detectionSchema,
    label: z.string().optional(),
  })
  .strict();

type CustomSqlConfig = z.infer<typeof config>;

export const customSqlKind: MonitorKindStrategy<CustomSqlConfig> = {
  kind: 'custom_sql',
  configSchema: config,
  describe: (m, c) =>
    c.mode === 'failing_rows'
      ? `rows that break a rule in ${m.asset}`
      : `${c.label ?? 'a custom metric'} on ${m.asset}`,
  async run({ source, state, now, tag, timeoutMs }, c) {
    const res = await source.runQuery(c.sql, { tag, timeoutMs, maxRows: c.mode === 'failing_rows' ? 20 : 1 });
    if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost: res.cost };
    const { rows, columns, truncated } = res.value;
    if (c.mode === 'failing_rows') {
      const count = rows.length;
      const more = truncated ? ' or more' : '';
      const outcome =
        count === 0
          ? {
              status: 'pass' as const,
              observed: 0,
              expected: { lower: 0, upper: 0 },
              score: 0,
              message: 'no rows break the rule',
            }
          : {
              status: 'fail' as const,
              observed: count,
              expected: { lower: 0, upper: 0 },
              score: 1,
              message: `${count}${more} row(s) break the rule`,
              details: { columns, rowCount: count },
            };
      return { outcome, samples: [{ metric: 'failing_rows', value: count }], state, cost: res.cost };
    }
    const first = rows[0];
    const column = columns[0];
    const raw = first && column !== undefined ? first[column] : undefined;
    const value =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value)) {
      return {
        outcome: {
          status: 'error',
          observed: null,
          expected: null,
          score: null,
          message: 'the query must return one number in the first column of its first row',
          details: { code: 'INVALID_INPUT' },
        },
        samples: [],
        state,
        cost: res.cost,
      };
    }
    const j = judge(state, 'value', now, value, {
      bounds: c.bounds,
      detector: c.detection.detector,
      metricKind: 'custom',
      options: detectorOptions(c.detection, c.label ?? 'value'),
    });
    return {
      outcome: outcomeOf(j.verdict, value),
      samples: [{ metric: 'value', value }],
      state: j.state,
      cost: res.cost,
    };
  },
};
