import type { FastifyInstance } from 'fastify';
import { vigilMetrics } from '../../services/vigil-metrics.js';
import type { ServerDeps } from '../deps.js';

/**
 * `/metrics` in Prometheus' text format. It names SLOs and services, so like every route that
 * does not declare itself public it takes a token (any role: the auth hook asks a viewer for a
 * read), which Prometheus sends with `authorization: { credentials_file: ... }` in its scrape config.
 */
export function metricsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const registry = vigilMetrics(deps.store, deps.clock);
  app.get('/metrics', { config: { role: 'viewer' }, schema: { hide: true } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
