import type { FastifyInstance } from 'fastify';
import { vigilMetrics } from '../../services/vigil-metrics.js';
import type { ServerDeps } from '../deps.js';

/**
 * `/metrics` in Prometheus' text format. It needs a token like the API (any role): Prometheus
 * sends one with `authorization: { credentials: ... }` in its scrape config.
 */
export function metricsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const registry = vigilMetrics(deps.store, deps.clock);
  app.get(
    '/metrics',
    { schema: { tags: ['metrics'], summary: 'Prometheus metrics', hide: true } },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
}
