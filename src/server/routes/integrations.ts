import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { mapAlertmanagerPayload, parseAlertmanagerWebhook } from '../../ingest/alertmanager/index.js';
import { ingestExternalAlerts } from '../../services/alerts/ingest-external-alerts.js';
import {
  createIntegration,
  deleteIntegration,
  ingestInboundWebhook,
  toIntegrationView,
  updateIntegrationMapping,
} from '../../services/alerts/inbound-integrations.js';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

export function integrationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  typed(app).post('/api/v1/integrations/alertmanager', {
    config: { role: 'responder', intake: 'events' },
    schema: {
      tags: ['integrations'],
      summary: 'Prometheus Alertmanager webhook receiver (payload version 4)',
      body: z.unknown(),
      response: {
        200: z.object({
          accepted: z.number(),
          changes: z.array(z.object({ fingerprint: z.string(), change: z.string() })),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const parsed = parseAlertmanagerWebhook(request.body);
      if (!parsed.ok) {
        const details = parsed.errors.map((e) => ({
          path: `body${e.path.replace(/\//g, '.').replace(/\.(\d+)/g, '[$1]')}`,
          message: e.message,
        }));
        throw new AppError(
          'VALIDATION_FAILED',
          `not an Alertmanager webhook payload: ${details.map((d) => d.path).join(', ')}`,
          details,
        );
      }
      const changes = await ingestExternalAlerts({
        ctx: contextFor(deps, request),
        input: { alerts: mapAlertmanagerPayload(parsed.value) },
      });
      return { accepted: changes.length, changes };
    },
  });
  inboundRoutes(app, deps);
}

const integrationView = z
  .object({
    id: z.string(),
    name: z.string(),
    mapping: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'InboundIntegration' });
const nameParams = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - or _'),
});

/** Generic inbound webhooks (Grafana, Datadog, CloudWatch via SNS …) with a saved field mapping. */
function inboundRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/integrations/inbound', {
    schema: {
      tags: ['integrations'],
      summary: 'Inbound webhook integrations and their field mappings',
      response: { 200: z.object({ items: z.array(integrationView) }), ...commonErrors },
    },
    handler: async () => ({
      items: (
        await deps.store.db.selectFrom('inbound_integrations').selectAll().orderBy('name').execute()
      ).map(toIntegrationView),
    }),
  });
  r.post('/api/v1/integrations/inbound', {
    schema: {
      tags: ['integrations'],
      summary:
        'Create an inbound webhook with a field mapping; its URL (with its token) is in this answer only',
      body: z.object({ name: nameParams.shape.name, mapping: z.record(z.string(), z.unknown()) }).strict(),
      response: { 201: z.object({ integration: integrationView, url: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) => {
      const { integration, token } = await createIntegration({
        ctx: contextFor(deps, request),
        input: request.body,
      });
      const base =
        deps.config.server.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
      return reply.status(201).send({ integration, url: `${base}/api/v1/integrations/inbound/${token}` });
    },
  });
  r.put('/api/v1/integrations/inbound/:name/mapping', {
    schema: {
      tags: ['integrations'],
      summary: "Replace an integration's field mapping (the token stays)",
      params: nameParams,
      body: z.record(z.string(), z.unknown()),
      response: { 200: integrationView, ...commonErrors },
    },
    handler: async (request) =>
      updateIntegrationMapping({
        ctx: contextFor(deps, request),
        input: { name: request.params.name, mapping: request.body },
      }),
  });
  r.delete('/api/v1/integrations/inbound/:name', {
    schema: {
      tags: ['integrations'],
      summary: 'Delete an inbound integration (its URL stops working)',
      params: nameParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteIntegration({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
  // Senders authenticate by the token in the URL: Grafana and Datadog post to a URL, nothing more.
  r.post('/api/v1/integrations/inbound/:token', {
    config: { public: true, intake: 'events' },
    schema: {
      tags: ['integrations'],
      summary: 'Receive one alert body; the mapping reads it; 400 names the field path at fault',
      params: z.object({ token: z.string().regex(/^in_[\w-]+$/, 'an integration token') }),
      body: z.unknown(),
      response: {
        200: z.object({
          integration: z.string(),
          changes: z.array(z.object({ fingerprint: z.string(), change: z.string() })),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) =>
      ingestInboundWebhook({
        ctx: {
          store: deps.store,
          clock: deps.clock,
          log: request.log,
          secrets: deps.secrets,
          actor: SYSTEM_ACTOR,
          requestId: request.id,
        },
        input: { token: request.params.token, body: request.body },
      }),
  });
}
