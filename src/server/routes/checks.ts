import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toCheckResultView } from '../../services/monitor-views.js';
import {
  costBySource,
  listCheckResults,
  listSchemaSnapshots,
  metricHistory,
} from '../../store/repositories/checks.js';
import { findLiveMonitor } from '../../store/repositories/monitors.js';
import { notFound } from '../../domain/errors.js';
import type { ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

export const checkResultSchema = z
  .object({
    id: z.number(),
    monitorId: z.string(),
    at: z.string(),
    status: z.string(),
    observed: z.number().nullable(),
    expected: z.object({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable(),
    score: z.number().nullable(),
    message: z.string(),
    details: z.unknown(),
    durationMs: z.number(),
    cost: z.object({
      queries: z.number(),
      queryMs: z.number(),
      rowsScanned: z.number().nullable(),
      bytesScanned: z.number().nullable(),
    }),
  })
  .meta({ id: 'CheckResult' });

const since = z.iso.datetime({ offset: true }).optional();

export function checkRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  const monitorId = async (id: string) => {
    const m = await findLiveMonitor(deps.store.db, id);
    if (!m) throw notFound('monitor', id);
    return m.id;
  };
  r.get('/api/v1/checks', {
    schema: {
      tags: ['checks'],
      summary: 'Check results, newest first',
      querystring: z.object({
        monitor: z.string().optional(),
        status: z.enum(['pass', 'fail', 'error', 'learning']).optional(),
        since,
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: { 200: z.object({ items: z.array(checkResultSchema) }), ...commonErrors },
    },
    handler: async (request) => {
      const q = request.query;
      const rows = await listCheckResults(deps.store.db, {
        monitorId: q.monitor ? await monitorId(q.monitor) : undefined,
        status: q.status,
        since: q.since ? new Date(q.since) : undefined,
        limit: q.limit,
      });
      return { items: rows.map(toCheckResultView) };
    },
  });
  r.get('/api/v1/monitors/:id/metrics', {
    schema: {
      tags: ['checks'],
      summary: 'Metric history for charts, oldest first',
      params: z.object({ id: z.string() }),
      querystring: z.object({
        metric: z.string().optional(),
        segment: z.string().optional(),
        since,
        limit: z.coerce.number().int().min(1).max(10_000).default(2_000),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({ metric: z.string(), segment: z.string(), at: z.string(), value: z.number() }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const q = request.query;
      const rows = await metricHistory(deps.store.db, {
        monitorId: await monitorId(request.params.id),
        metric: q.metric,
        segment: q.segment,
        since: q.since ? new Date(q.since) : undefined,
        limit: q.limit,
      });
      return { items: rows.map((p) => ({ ...p, at: p.at.toISOString() })) };
    },
  });
  r.get('/api/v1/monitors/:id/schema-history', {
    schema: {
      tags: ['checks'],
      summary: 'Schema snapshots with their diff, newest first',
      params: z.object({ id: z.string() }),
      response: {
        200: z.object({
          items: z.array(z.object({ at: z.string(), columns: z.unknown(), diff: z.unknown() })),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const rows = await listSchemaSnapshots(deps.store.db, await monitorId(request.params.id), 100);
      return { items: rows.map((s) => ({ at: s.at.toISOString(), columns: s.columns, diff: s.diff })) };
    },
  });
  r.get('/api/v1/sources/costs', {
    schema: {
      tags: ['sources'],
      summary: "What Vigil's own checks spent on each source: runs, queries, time and bytes",
      querystring: z.object({ since }),
      response: {
        200: z.object({
          since: z.string(),
          items: z.array(
            z.object({
              sourceId: z.string(),
              runs: z.number(),
              queries: z.number(),
              queryMs: z.number(),
              bytesScanned: z.number(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const from = request.query.since
        ? new Date(request.query.since)
        : new Date(deps.clock.now().getTime() - 86_400_000);
      return { since: from.toISOString(), items: await costBySource(deps.store.db, from) };
    },
  });
}
