import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { authenticateToken } from '../../services/authenticate-token.js';
import { vigilMetrics } from '../../services/vigil-metrics.js';
import type { ServerDeps } from '../deps.js';

/**
 * `/metrics` in Prometheus' text format. It lives outside /api/, where the auth hook does not
 * look, yet it names SLOs and services: it takes a token of any role, which Prometheus sends
 * with `authorization: { credentials_file: ... }` in its scrape config.
 */
export function metricsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const registry = vigilMetrics(deps.store, deps.clock);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw new AppError('UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"');
    await authenticateToken(deps.store, deps.clock, token);
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
