import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { MONITOR_KINDS, SEVERITIES } from '../../domain/monitor.js';
import {
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  monitorInputSchema,
  scheduleSchema,
  updateMonitor,
} from '../../services/monitors.js';
import { backfillMonitor } from '../../services/backfill-monitor.js';
import { runMonitorNow } from '../../services/run-monitor-now.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';
import { backfillResultSchema } from './backtest.js';
import { checkResultSchema } from './checks.js';
import { monitorPreviewRoutes } from './monitor-preview.js';

export const monitorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(MONITOR_KINDS),
    sourceId: z.string(),
    asset: z.string(),
    config: z.record(z.string(), z.unknown()),
    schedule: scheduleSchema,
    severity: z.enum(SEVERITIES),
    owner: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
    runbook: z.string().nullable(),
    description: z.string(),
    enabled: z.boolean(),
    pausedReason: z.string().nullable(),
    origin: z.enum(['api', 'code']),
    lastStatus: z.enum(['pass', 'fail', 'error', 'learning']).nullable(),
    lastRunAt: z.string().nullable(),
    nextRunAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Monitor' });

const idParams = z.object({ id: z.string() });

export function monitorRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/monitors', {
    schema: {
      tags: ['monitors'],
      summary: 'List monitors',
      querystring: z.object({
        source: z.string().optional(),
        kind: z.enum(MONITOR_KINDS).optional(),
        asset: z.string().optional(),
        status: z.string().optional(),
      }),
      response: { 200: z.object({ items: z.array(monitorSchema) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: await listMonitors({
        ctx: contextFor(deps, request),
        input: {
          sourceId: request.query.source,
          kind: request.query.kind,
          asset: request.query.asset,
          status: request.query.status,
        },
      }),
    }),
  });
  monitorPreviewRoutes(app, deps);
  r.get('/api/v1/monitors/:id', {
    schema: {
      tags: ['monitors'],
      summary: 'One monitor, by id or name',
      params: idParams,
      response: { 200: monitorSchema, ...commonErrors },
    },
    handler: async (request) => getMonitor({ ctx: contextFor(deps, request), input: request.params }),
  });
  r.post('/api/v1/monitors', {
    schema: {
      tags: ['monitors'],
      summary: 'Create a monitor (due at once)',
      description: 'With config.backfill, the baseline is then trained from history; `backfill` reports how.',
      body: monitorInputSchema,
      response: { 201: monitorSchema.extend({ backfill: backfillResultSchema.optional() }), ...commonErrors },
    },
    handler: async (request, reply) => {
      const ctx = contextFor(deps, request);
      const monitor = await createMonitor({ ctx, input: request.body });
      if (!request.body.config.backfill || !deps.runner) return reply.status(201).send(monitor);
      // After the create has committed: a warehouse failure leaves the monitor, learning live.
      try {
        const backfill = await backfillMonitor({ ctx, input: { monitorId: monitor.id, deps: deps.runner } });
        request.log.info({ monitor: monitor.id, backfill }, 'monitor backfilled');
        // Re-read: a backfill moves the first run to the end of the bucket still filling.
        return reply
          .status(201)
          .send({ ...(await getMonitor({ ctx, input: { id: monitor.id } })), backfill });
      } catch (error) {
        request.log.error({ err: error, monitor: monitor.id }, 'backfill after create failed');
        return reply.status(201).send(monitor);
      }
    },
  });
  r.patch('/api/v1/monitors/:id', {
    schema: {
      tags: ['monitors'],
      summary: 'Change a monitor',
      params: idParams,
      body: monitorInputSchema.omit({ kind: true }).partial().strict(),
      response: { 200: monitorSchema, ...commonErrors },
    },
    handler: async (request) =>
      updateMonitor({
        ctx: contextFor(deps, request),
        input: { id: request.params.id, patch: request.body },
      }),
  });
  r.delete('/api/v1/monitors/:id', {
    schema: {
      tags: ['monitors'],
      summary: 'Move a monitor to the trash',
      params: idParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteMonitor({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
  r.post('/api/v1/monitors/:id/run', {
    config: { role: 'responder' },
    schema: {
      tags: ['monitors'],
      summary: 'Run a monitor now and answer its check result',
      params: idParams,
      response: { 200: checkResultSchema, ...commonErrors },
    },
    handler: async (request) => {
      if (!deps.runner) throw new AppError('INTERNAL', 'this server has no monitor runner');
      return runMonitorNow({
        ctx: contextFor(deps, request),
        input: { id: request.params.id, deps: deps.runner },
      });
    },
  });
}
