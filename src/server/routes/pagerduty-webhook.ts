import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { takePagerDutyWebhook } from '../../services/incidents/pagerduty-webhook.js';
import type { ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

/**
 * PagerDuty v3 webhook subscriptions post here. The signature is over the raw body, so this one
 * route keeps the body as bytes (an encapsulated parser); it is public because PagerDuty sends no
 * token: the HMAC under a PagerDuty channel's `webhookSecret` is the credential.
 */
export function pagerDutyWebhookRoutes(app: FastifyInstance, deps: ServerDeps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    typed(scope).post('/api/v1/integrations/pagerduty', {
      config: { public: true },
      schema: {
        tags: ['integrations'],
        summary:
          'PagerDuty v3 webhook: incident.acknowledged / incident.resolved acknowledge or resolve in Vigil (X-PagerDuty-Signature checked)',
        response: {
          200: z.object({ eventType: z.string(), taken: z.boolean(), target: z.string().nullable() }),
          ...commonErrors,
        },
      },
      handler: async (request) => {
        const signature = request.headers['x-pagerduty-signature'];
        return takePagerDutyWebhook({
          ctx: {
            store: deps.store,
            clock: deps.clock,
            log: request.log,
            secrets: deps.secrets,
            actor: SYSTEM_ACTOR,
            requestId: request.id,
          },
          input: {
            raw: Buffer.isBuffer(request.body) ? request.body : Buffer.from(''),
            signature: typeof signature === 'string' ? signature : undefined,
          },
        });
      },
    });
  });
}
