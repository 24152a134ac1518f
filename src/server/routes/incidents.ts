import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  INCIDENT_ROLES,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
} from '../../domain/incident.js';
import { checkAssetHealth } from '../../services/incidents/asset-health.js';
import { declareFromAlert, declareIncident } from '../../services/incidents/declare-incident.js';
import { incidentView, toIncidentView } from '../../services/incidents/incident-records.js';
import { postIncidentUpdate } from '../../services/incidents/post-update.js';
import { addIncidentNote, listTimeline, pinIncidentEvent } from '../../services/incidents/timeline.js';
import { assignIncidentRole } from '../../services/incidents/assign-role.js';
import { resolveIncident, updateIncident } from '../../services/incidents/update-incident.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const nullableTime = z.union([isoTime, z.null()]);
const text = (max: number) => z.string().trim().min(1).max(max);
const nullable = z.string().nullable();

export const incidentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    severity: z.string(),
    status: z.string(),
    type: z.string(),
    open: z.boolean(),
    affectedAssets: z.array(z.string()),
    declaredBy: z.string(),
    declaredVia: z.string(),
    roles: z.object({
      commander: nullable,
      communicationsLead: nullable,
      scribe: nullable,
      responders: z.array(z.string()),
    }),
    times: z.object({
      startedAt: nullable,
      detectedAt: nullable,
      acknowledgedAt: nullable,
      mitigatedAt: nullable,
      resolvedAt: nullable,
      closedAt: nullable,
    }),
    durations: z
      .object({
        timeToDetect: z.number().nullable(),
        timeToAcknowledge: z.number().nullable(),
        timeToMitigate: z.number().nullable(),
        timeToResolve: z.number().nullable(),
      })
      .describe('Seconds; detect from the start, the others from detection'),
    alertIds: z.array(z.string()),
    rootCause: z
      .object({
        asset: z.string(),
        alertId: z.string(),
        consequences: z.array(z.object({ asset: z.string(), alertId: z.string() })),
      })
      .nullable()
      .optional()
      .describe('In a cascade: the most upstream failing asset, and the alerts downstream of it'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Incident' });

const eventSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    kind: z.string(),
    actor: z.string(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).nullable(),
    pinned: z.boolean(),
  })
  .meta({ id: 'IncidentEvent' });

const idParams = z.object({ id: z.string().max(100) });
const assets = z.array(text(500)).max(200);

const declareBody = z.object({
  title: text(500),
  summary: z.string().max(10_000).optional(),
  severity: z.enum(INCIDENT_SEVERITIES),
  type: z.enum(INCIDENT_TYPES).optional(),
  affectedAssets: assets.optional(),
  startedAt: isoTime.optional(),
  detectedAt: isoTime.optional(),
  commander: text(200).optional(),
  alertIds: z.array(z.string().max(100)).max(100).optional(),
});

const updateBody = z.object({
  title: text(500).optional(),
  summary: z.string().max(10_000).optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  type: z.enum(INCIDENT_TYPES).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  affectedAssets: assets.optional(),
  times: z
    .object({
      startedAt: isoTime.optional(),
      detectedAt: isoTime.optional(),
      acknowledgedAt: nullableTime.optional(),
      mitigatedAt: nullableTime.optional(),
      resolvedAt: nullableTime.optional(),
    })
    .optional(),
});

const incidentOut = { 200: incidentSchema, ...commonErrors };

export function incidentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/incidents', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: 'Incidents, newest first',
      querystring: z.object({
        open: z
          .enum(['true', 'false'])
          .optional()
          .describe('Only open (true) or only resolved/closed (false)'),
        status: z.enum(INCIDENT_STATUSES).optional(),
        severity: z.enum(INCIDENT_SEVERITIES).optional(),
        asset: z.string().max(500).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(incidentSchema) }), ...commonErrors },
    },
    handler: async (request) => {
      const q = request.query;
      let query = deps.store.db
        .selectFrom('incidents')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(q.limit);
      if (q.status) query = query.where('status', '=', q.status);
      if (q.severity) query = query.where('severity', '=', q.severity);
      if (q.open)
        query = query.where('status', q.open === 'true' ? 'in' : 'not in', [
          'triage',
          'investigating',
          'identified',
          'monitoring',
        ]);
      if (q.asset)
        query = query.where((eb) =>
          eb('affected_assets', '@>', eb.val(JSON.stringify([q.asset])).$castTo<string[]>()),
        );
      const rows = await query.execute();
      const links = rows.length
        ? await deps.store.db
            .selectFrom('incident_alerts')
            .select(['incident_id', 'alert_id'])
            .where(
              'incident_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('linked_at')
            .execute()
        : [];
      return {
        items: rows.map((row) =>
          toIncidentView(
            row,
            links.filter((l) => l.incident_id === row.id).map((l) => l.alert_id),
          ),
        ),
      };
    },
  });
  r.post('/api/v1/incidents', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Declare an incident',
      body: declareBody,
      response: { 201: incidentSchema, ...commonErrors },
    },
    handler: async (request, reply) => {
      const view = await declareIncident({ ctx: contextFor(deps, request), input: request.body });
      return reply.code(201).send(view);
    },
  });
  r.get('/api/v1/incidents/:id', {
    config: { role: 'viewer' },
    schema: { tags: ['incidents'], summary: 'One incident', params: idParams, response: incidentOut },
    handler: async (request) => incidentView(deps.store.db, request.params.id),
  });
  r.patch('/api/v1/incidents/:id', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Edit fields, status or times; times must stay in order',
      params: idParams,
      body: updateBody,
      response: incidentOut,
    },
    handler: async (request) =>
      updateIncident({ ctx: contextFor(deps, request), input: { ...request.body, id: request.params.id } }),
  });
  r.post('/api/v1/incidents/:id/resolve', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Resolve an incident; refused (CHECKS_NOT_GREEN) while its checks are not green, unless force',
      params: idParams,
      body: z
        .object({
          resolvedAt: isoTime.optional(),
          summary: z.string().max(10_000).optional(),
          force: z
            .boolean()
            .optional()
            .describe('Resolve although alerts fire or checks have not passed again'),
        })
        .default({}),
      response: incidentOut,
    },
    handler: async (request) =>
      resolveIncident({ ctx: contextFor(deps, request), input: { ...request.body, id: request.params.id } }),
  });
  r.post('/api/v1/incidents/:id/roles', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary:
        'Assign or hand over a role (commander, communications lead, scribe) or add/remove a responder',
      params: idParams,
      body: z.object({
        role: z.enum(INCIDENT_ROLES),
        person: text(200).nullable(),
        remove: z.boolean().optional(),
        note: z.string().max(2_000).optional().describe('Hand-over note, shown on the timeline'),
      }),
      response: incidentOut,
    },
    handler: async (request) =>
      assignIncidentRole({
        ctx: contextFor(deps, request),
        input: { ...request.body, id: request.params.id },
      }),
  });
  r.get('/api/v1/incidents/:id/timeline', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: 'The timeline, oldest first',
      params: idParams,
      querystring: z.object({ pinned: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ items: z.array(eventSchema) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: await listTimeline({
        ctx: contextFor(deps, request),
        input: { id: request.params.id, pinned: request.query.pinned === 'true' },
      }),
    }),
  });
  r.post('/api/v1/incidents/:id/notes', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Add a note to the timeline',
      params: idParams,
      body: z.object({ text: text(10_000), pinned: z.boolean().optional() }),
      response: { 201: eventSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await addIncidentNote({
          ctx: contextFor(deps, request),
          input: { ...request.body, id: request.params.id },
        }),
      ),
  });
  r.post('/api/v1/incidents/:id/timeline/:eventId/pin', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Pin or unpin a timeline event',
      params: z.object({ id: z.string().max(100), eventId: z.coerce.number().int().positive() }),
      body: z.object({ pinned: z.boolean().default(true) }).default({ pinned: true }),
      response: { 200: eventSchema, ...commonErrors },
    },
    handler: async (request) =>
      pinIncidentEvent({
        ctx: contextFor(deps, request),
        input: { ...request.params, pinned: request.body.pinned },
      }),
  });
  r.post('/api/v1/incidents/:id/updates', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Post a stakeholder update to channels (every channel when none are named)',
      params: idParams,
      body: z.object({
        status: z.enum(INCIDENT_STATUSES),
        impact: text(5_000),
        nextUpdateAt: isoTime.optional(),
        channels: z.array(text(200)).max(50).optional(),
        owners: z
          .boolean()
          .optional()
          .describe("Also the channels the affected assets' owners are routed to"),
      }),
      response: { 201: z.object({ eventId: z.number(), channels: z.array(z.string()) }), ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await postIncidentUpdate({
          ctx: contextFor(deps, request),
          input: { ...request.body, id: request.params.id },
        }),
      ),
  });
  r.post('/api/v1/alerts/:id/incident', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Declare an incident from an alert, or add the alert to one (incidentId)',
      params: idParams,
      body: z
        .object({
          incidentId: z.string().max(100).optional(),
          severity: z.enum(INCIDENT_SEVERITIES).optional(),
          title: text(500).optional(),
        })
        .default({}),
      response: { 200: z.object({ incident: incidentSchema, created: z.boolean() }), ...commonErrors },
    },
    handler: async (request) =>
      declareFromAlert({
        ctx: contextFor(deps, request),
        input: { ...request.body, alertId: request.params.id },
      }),
  });
  r.get('/api/v1/assets/:name/health', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: 'Circuit breaker: is the asset safe to read? Pipelines ask before they run',
      params: z.object({ name: z.string().min(1).max(500) }),
      querystring: z.object({
        upstream: z.enum(['true', 'false']).optional().describe('Also every asset upstream through lineage'),
        caller: z.string().max(200).optional().describe('Who asks (a pipeline name), for the timeline'),
      }),
      response: {
        200: z.object({
          asset: z.string(),
          healthy: z.boolean(),
          reasons: z.array(z.string()),
          upstreamChecked: z.boolean(),
          alerts: z.array(z.object({ id: z.string(), title: z.string(), severity: z.string() })),
          incidents: z.array(
            z.object({ id: z.string(), title: z.string(), severity: z.string(), status: z.string() }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) =>
      checkAssetHealth({
        ctx: contextFor(deps, request),
        input: {
          asset: request.params.name,
          upstream: request.query.upstream === 'true',
          caller: request.query.caller,
        },
      }),
  });
}
