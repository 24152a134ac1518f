import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { mapAlertmanagerPayload, parseAlertmanagerWebhook } from '../../ingest/alertmanager/index.js';
import { ingestExternalAlerts } from '../../services/alerts/ingest-external-alerts.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

export function integrationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  typed(app).post('/api/v1/integrations/alertmanager', {
    config: { role: 'responder' },
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
}
