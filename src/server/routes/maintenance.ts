import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  endMaintenance,
  startMaintenance,
  toMaintenanceView,
} from '../../services/alerts/maintenance-windows.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const view = z
  .object({
    id: z.string(),
    scope: z.string(),
    target: z.string(),
    reason: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    recurrence: z.object({ cron: z.string(), duration: z.string(), timeZone: z.string() }).nullable(),
    createdBy: z.string(),
    endedAt: z.string().nullable(),
    state: z.enum(['pending', 'open', 'ended']),
  })
  .meta({ id: 'MaintenanceWindow' });

const body = z
  .object({
    asset: z.string().min(1).max(500).optional(),
    source: z.string().min(1).max(200).optional(),
    reason: z.string().min(1).max(2000).describe('Shown on the alerts it holds back: "backfill of March"'),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    for: z.string().optional().describe('How long, e.g. 2h; the window closes by itself then'),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    recurrence: z
      .object({ cron: z.string().min(1), duration: z.string().min(1), timeZone: z.string().min(1) })
      .strict()
      .optional()
      .describe('Recurring: a 5-field cron for each start, read in timeZone, and how long each lasts'),
  })
  .strict()
  .refine((b) => (b.asset === undefined) !== (b.source === undefined), {
    message: 'name either an asset or a source',
    path: ['asset'],
  });

export function maintenanceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/maintenance-windows', {
    schema: {
      tags: ['alerts'],
      summary: 'Maintenance windows, open and planned first',
      querystring: z.object({ all: z.coerce.boolean().default(false).describe('Include ended windows') }),
      response: { 200: z.object({ items: z.array(view) }), ...commonErrors },
    },
    handler: async (request) => {
      const now = deps.clock.now();
      let q = deps.store.db
        .selectFrom('maintenance_windows')
        .selectAll()
        .orderBy('starts_at', 'desc')
        .limit(500);
      if (!request.query.all)
        q = q
          .where('ends_at', '>', now)
          .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', now)]));
      return { items: (await q.execute()).map((w) => toMaintenanceView(w, now)) };
    },
  });
  r.post('/api/v1/maintenance-windows', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'Open a maintenance window on an asset or source: its alerts are recorded, not notified',
      body,
      response: { 201: view, ...commonErrors },
    },
    handler: async (request, reply) => {
      const b = request.body;
      const created = await startMaintenance({
        ctx: contextFor(deps, request),
        input: {
          scope: b.asset !== undefined ? 'asset' : 'source',
          target: (b.asset ?? b.source) as string,
          reason: b.reason,
          startsAt: b.startsAt ? new Date(b.startsAt) : undefined,
          for: b.for,
          endsAt: b.endsAt ? new Date(b.endsAt) : undefined,
          recurrence: b.recurrence,
        },
      });
      return reply.status(201).send(created);
    },
  });
  r.post('/api/v1/maintenance-windows/:id/end', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'End a maintenance window now (the backfill finished)',
      params: z.object({ id: z.string() }),
      response: { 200: z.object({ ended: z.array(z.string()) }), ...commonErrors },
    },
    handler: async (request) =>
      endMaintenance({ ctx: contextFor(deps, request), input: { id: request.params.id } }),
  });
  r.post('/api/v1/maintenance-windows/end', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'End every open window on an asset or source',
      body: z
        .object({ asset: z.string().min(1).optional(), source: z.string().min(1).optional() })
        .strict()
        .refine((b) => (b.asset === undefined) !== (b.source === undefined), {
          message: 'name either an asset or a source',
          path: ['asset'],
        }),
      response: { 200: z.object({ ended: z.array(z.string()) }), ...commonErrors },
    },
    handler: async (request) =>
      endMaintenance({
        ctx: contextFor(deps, request),
        input: {
          scope: request.body.asset !== undefined ? 'asset' : 'source',
          target: request.body.asset ?? request.body.source,
        },
      }),
  });
}
