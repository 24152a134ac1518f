import type { FastifyInstance } from 'fastify';

export function openApiRoutes(app: FastifyInstance): void {
  app.get('/api/v1/openapi.json', {
    config: { public: true },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
}
