import { z } from 'zod';
import type { DetectorOptions } from '../../detect/index.js';
import type { CheckOutcome } from '../../domain/monitor.js';
import type { QueryCost, Result, Source, TableRef, TableSource } from '../../sources/source.js';

export const boundsSchema = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, {
    message: 'min must not exceed max',
  });

/** How a learned baseline judges: the controls users expect from anomaly monitors. */
export const detectionSchema = z
  .object({
    sensitivity: z.enum(['low', 'medium', 'high']).default('medium'),
    direction: z.enum(['up', 'down', 'both']).default('both'),
    minTrainingPoints: z.number().int().min(3).max(10_000).optional(),
    detector: z.enum(['seasonal', 'freshness', 'level-shift', 'ensemble']).optional(),
    timeZone: z.string().optional(),
  })
  .strict()
  .prefault({});

export type Detection = z.infer<typeof detectionSchema>;

export function detectorOptions(d: Detection, metricLabel: string): DetectorOptions {
  return {
    sensitivity: d.sensitivity,
    direction: d.direction,
    metricLabel,
    ...(d.minTrainingPoints ? { minTrainingPoints: d.minTrainingPoints } : {}),
    ...(d.timeZone ? { timeZone: d.timeZone } : {}),
  };
}

/**
 * `shop.orders` → { schema: 'shop', name: 'orders' }; a bare name uses the engine's default schema.
 * A catalog name (`duckdb://shop/raw.orders`, the OpenLineage namespace, a slash, the table) is
 * read after its last slash, so a monitor can be named like the asset it shows on in the catalog.
 */
export function tableRef(asset: string): TableRef {
  const local = asset.slice(asset.lastIndexOf('/') + 1);
  const dot = local.lastIndexOf('.');
  return dot > 0 ? { schema: local.slice(0, dot), name: local.slice(dot + 1) } : { name: local };
}

export function requireTableSource(source: Source): TableSource | undefined {
  return source.family === 'sql' ? source : undefined;
}

export function addCost(a: QueryCost, b: QueryCost): QueryCost {
  return {
    queries: a.queries + b.queries,
    wallMs: a.wallMs + b.wallMs,
    ...(a.rowsScanned !== undefined || b.rowsScanned !== undefined
      ? { rowsScanned: (a.rowsScanned ?? 0) + (b.rowsScanned ?? 0) }
      : {}),
    ...(a.bytesScanned !== undefined || b.bytesScanned !== undefined
      ? { bytesScanned: (a.bytesScanned ?? 0) + (b.bytesScanned ?? 0) }
      : {}),
  };
}

/** A failed source call as the check's `error` outcome: the source's own safe message and code. */
export function errorOutcome(result: Extract<Result<unknown>, { ok: false }>): CheckOutcome {
  return {
    status: 'error',
    observed: null,
    expected: null,
    score: null,
    message: result.error.message,
    details: { code: result.error.code },
  };
}

export const notATableSource: CheckOutcome = {
  status: 'error',
  observed: null,
  expected: null,
  score: null,
  message: 'this monitor kind needs a SQL source (tables); the source is a metrics source',
  details: { code: 'UNSUPPORTED' },
};
