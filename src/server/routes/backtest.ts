import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { backfillMonitor } from '../../services/backfill-monitor.js';
import { backtestInputSchema, backtestMonitor } from '../../services/backtest-monitor.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const band = z.object({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable();

export const backfillResultSchema = z
  .object({
    monitorId: z.string(),
    status: z.enum(['trained', 'error']),
    message: z.string(),
    bucket: z.enum(['hour', 'day']),
    since: z.string().nullable(),
    until: z.string().nullable(),
    buckets: z.number(),
    points: z.number(),
    metrics: z.array(z.string()),
    anomalies: z.number(),
    skipped: z.array(z.object({ metric: z.string(), reason: z.string() })),
    queries: z.number(),
    queryMs: z.number(),
  })
  .meta({ id: 'BackfillResult' });

const backtestReportSchema = z
  .object({
    monitorId: z.string(),
    monitor: z.string(),
    sensitivity: z.enum(['low', 'medium', 'high']),
    since: z.string(),
    until: z.string(),
    series: z.array(
      z.object({
        metric: z.string(),
        segment: z.string(),
        detector: z.string(),
        summary: z.object({
          points: z.number(),
          learning: z.number(),
          excluded: z.number(),
          anomalies: z.number(),
          episodes: z.number(),
          maxScore: z.number(),
          firstAlert: z.number().nullable(),
          lastAlert: z.number().nullable(),
        }),
      }),
    ),
    alerts: z.array(
      z.object({
        at: z.string(),
        metric: z.string(),
        segment: z.string(),
        value: z.number(),
        expected: band,
        score: z.number(),
        reason: z.string(),
      }),
    ),
    totals: z.object({ points: z.number(), alerts: z.number(), episodes: z.number() }),
  })
  .meta({ id: 'BacktestReport' });

const idParams = z.object({ id: z.string() });

/** Train a baseline from history (backfill) and see a monitor's noise before it pages (backtest). */
export function backtestRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.post('/api/v1/monitors/:id/backtest', {
    // Reads only: anyone who may see the monitor may see what it would have raised.
    config: { role: 'viewer' },
    schema: {
      tags: ['monitors'],
      summary: 'Replay the metric history through the detector; the alerts it would have raised',
      params: idParams,
      body: backtestInputSchema.prefault({}),
      response: { 200: backtestReportSchema, ...commonErrors },
    },
    handler: async (request) =>
      backtestMonitor({
        ctx: contextFor(deps, request),
        input: { monitorId: request.params.id, ...request.body },
      }),
  });
  r.post('/api/v1/monitors/:id/backfill', {
    schema: {
      tags: ['monitors'],
      summary: "Train a volume or column-health baseline from the table's past, in one grouped query",
      description:
        'Options override config.backfill. A warehouse failure answers status "error" and changes nothing.',
      params: idParams,
      body: z
        .object({
          timestampColumn: z.string().min(1).optional(),
          days: z.number().int().min(1).max(366).optional(),
          bucket: z.enum(['hour', 'day']).optional(),
        })
        .strict()
        .prefault({}),
      response: { 200: backfillResultSchema, ...commonErrors },
    },
    handler: async (request) => {
      if (!deps.runner) throw new AppError('INTERNAL', 'this server has no monitor runner');
      return backfillMonitor({
        ctx: contextFor(deps, request),
        input: { monitorId: request.params.id, deps: deps.runner, options: request.body },
      });
    },
  });
}
