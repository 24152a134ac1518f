import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { acknowledgeAlert, resolveAlert } from '../../services/alerts/alert-actions.js';
import type { AlertRow } from '../../store/schema.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

export const alertSchema = z
  .object({
    id: z.string(),
    fingerprint: z.string(),
    origin: z.string(),
    monitorId: z.string().nullable(),
    status: z.enum(['firing', 'resolved']),
    severity: z.string(),
    title: z.string(),
    summary: z.string(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    startedAt: z.string(),
    lastSeenAt: z.string(),
    resolvedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    timeToAcknowledgeSeconds: z.number().nullable(),
    count: z.number(),
  })
  .meta({ id: 'Alert' });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const toAlertView = (a: AlertRow) => ({
  id: a.id,
  fingerprint: a.fingerprint,
  origin: a.origin,
  monitorId: a.monitor_id,
  status: a.status as 'firing' | 'resolved',
  severity: a.severity,
  title: a.title,
  summary: a.summary,
  labels: a.labels,
  annotations: a.annotations,
  startedAt: a.started_at.toISOString(),
  lastSeenAt: a.last_seen_at.toISOString(),
  resolvedAt: iso(a.resolved_at),
  acknowledgedAt: iso(a.acknowledged_at),
  acknowledgedBy: a.acknowledged_by,
  timeToAcknowledgeSeconds: a.ack_seconds ?? null,
  count: a.event_count,
});

const idParams = z.object({ id: z.string() });

export function alertRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/alerts', {
    schema: {
      tags: ['alerts'],
      summary: 'Alerts, newest first; history is kept and searchable',
      querystring: z.object({
        status: z.enum(['firing', 'resolved']).optional(),
        severity: z.enum(['page', 'ticket', 'log']).optional(),
        q: z.string().max(200).optional().describe('Text in the title or summary'),
        monitor: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(alertSchema) }), ...commonErrors },
    },
    handler: async (request) => {
      const q = request.query;
      let query = deps.store.db
        .selectFrom('alerts')
        .selectAll()
        .orderBy('last_seen_at', 'desc')
        .limit(q.limit);
      if (q.status) query = query.where('status', '=', q.status);
      if (q.severity) query = query.where('severity', '=', q.severity);
      if (q.monitor) query = query.where('monitor_id', '=', q.monitor);
      if (q.q) {
        const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) => eb.or([eb('title', 'ilike', like), eb('summary', 'ilike', like)]));
      }
      return { items: (await query.execute()).map(toAlertView) };
    },
  });
  r.get('/api/v1/alerts/:id', {
    schema: {
      tags: ['alerts'],
      summary: 'One alert with its history',
      params: idParams,
      response: {
        200: alertSchema.extend({
          events: z.array(
            z.object({ at: z.string(), kind: z.string(), message: z.string(), actor: z.string().nullable() }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const a = await deps.store.db
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!a) throw notFound('alert', request.params.id);
      const events = await deps.store.db
        .selectFrom('alert_events')
        .selectAll()
        .where('alert_id', '=', a.id)
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return {
        ...toAlertView(a),
        events: events.map((e) => ({
          at: e.at.toISOString(),
          kind: e.kind,
          message: e.message,
          actor: e.actor,
        })),
      };
    },
  });
  r.post('/api/v1/alerts/:id/acknowledge', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'Acknowledge: stops page repeats and escalation',
      params: idParams,
      response: {
        200: z.object({
          id: z.string(),
          acknowledgedAt: z.string(),
          acknowledgedBy: z.string(),
          timeToAcknowledgeSeconds: z.number().nullable(),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => acknowledgeAlert({ ctx: contextFor(deps, request), input: request.params }),
  });
  r.post('/api/v1/alerts/:id/resolve', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'Resolve by hand',
      params: idParams,
      response: { 200: z.object({ id: z.string(), status: z.string() }), ...commonErrors },
    },
    handler: async (request) => resolveAlert({ ctx: contextFor(deps, request), input: request.params }),
  });
}
