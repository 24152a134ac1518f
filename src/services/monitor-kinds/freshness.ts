import { z } from 'zod';
import type { ChangeCounters } from '../../sources/source.js';
import {
  detectionSchema,
  detectorOptions,
  errorOutcome,
  notATableSource,
  requireTableSource,
  tableRef,
} from './common.js';
import { judge, outcomeOf } from './judge.js';
import type { MonitorKindStrategy } from './kind.js';

/** Counters that moved (or were reset by a stats reset) mean the table changed between polls. */
const countersMoved = (a: ChangeCounters, b: ChangeCounters) =>
  a.inserts !== b.inserts || a.updates !== b.updates || a.deletes !== b.deletes;

const config = z
  .object({
    /** Freshness from the data (max of this column); else from the engine's metadata. */
    timestampColumn: z.string().min(1).optional(),
    /** A static limit on the age, in minutes; without it the table's own update habit is learned. */
    maxAgeMinutes: z.number().positive().optional(),
    detection: detectionSchema,
  })
  .strict();

type FreshnessConfig = z.infer<typeof config>;

/**
 * Age of the newest data, in seconds. Where the engine keeps no last-modified time (PostgreSQL),
 * a change is inferred from the insert/update/delete counters moving between two polls, so the
 * age is measured from the first poll that saw them move.
 */
export const freshnessKind: MonitorKindStrategy<FreshnessConfig> = {
  kind: 'freshness',
  configSchema: config,
  describe: (m, c) =>
    `age of ${m.asset}${c.timestampColumn ? ` (max ${c.timestampColumn})` : ''}, ${c.maxAgeMinutes ? `at most ${c.maxAgeMinutes} min` : 'learned update habit'}`,
  async run({ source, monitor, state, now, tag, timeoutMs }, c) {
    const tables = requireTableSource(source);
    if (!tables) return { outcome: notATableSource, samples: [], state, cost: { queries: 0, wallMs: 0 } };
    const res = await tables.tableStats(tableRef(monitor.asset), {
      tag,
      timeoutMs,
      ...(c.timestampColumn ? { timestampColumn: c.timestampColumn } : {}),
    });
    if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost: res.cost };
    const stats = res.value;
    let updatedAt: string | null = stats.maxTimestamp?.value ?? stats.lastModified?.value ?? null;
    let memory = state.memory;
    if (!updatedAt && stats.changeCounters) {
      const previous = memory.counters as ChangeCounters | undefined;
      const changed = previous ? countersMoved(previous, stats.changeCounters) : true;
      updatedAt = changed
        ? now.toISOString()
        : ((memory.changedAt as string | undefined) ?? now.toISOString());
      memory = { ...memory, counters: stats.changeCounters, changedAt: updatedAt };
    }
    if (!updatedAt) {
      return {
        outcome: {
          status: 'error',
          observed: null,
          expected: null,
          score: null,
          message: `no update time for ${monitor.asset}: set a timestampColumn (the engine keeps none)`,
          details: { code: 'INVALID_INPUT' },
        },
        samples: [],
        state,
        cost: res.cost,
      };
    }
    const ageSeconds = Math.max(0, Math.round((now.getTime() - new Date(updatedAt).getTime()) / 1000));
    const spec = {
      bounds: c.maxAgeMinutes ? { max: c.maxAgeMinutes * 60 } : undefined,
      detector: c.detection.detector,
      metricKind: 'freshness' as const,
      options: detectorOptions({ ...c.detection, direction: 'up' }, 'age in seconds'),
    };
    const j = judge({ ...state, memory }, 'age_seconds', now, ageSeconds, spec);
    return {
      outcome: outcomeOf(j.verdict, ageSeconds, {
        lastUpdate: updatedAt,
        method: stats.maxTimestamp ? 'data' : stats.lastModified ? 'metadata' : 'change counters',
      }),
      samples: [{ metric: 'age_seconds', value: ageSeconds }],
      state: j.state,
      cost: res.cost,
    };
  },
};
