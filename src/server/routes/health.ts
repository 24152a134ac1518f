import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorPayload } from '../errors.js';
import type { ServerDeps } from '../deps.js';
import { typed } from '../route-schema.js';

export function healthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/healthz', {
    // Liveness answers even while requests are shed: restarting an overloaded process loses more.
    config: { public: true, answersUnderLoad: true },
    schema: {
      tags: ['health'],
      summary: 'The process is alive',
      response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) },
    },
    handler: async () => ({ status: 'ok' as const, version: deps.version }),
  });

  r.get('/readyz', {
    config: { public: true },
    schema: {
      tags: ['health'],
      summary: 'The store is reachable and every migration has run',
      response: { 200: z.object({ status: z.literal('ready'), store: z.string() }), 503: z.unknown() },
    },
    handler: async (_request, reply) => {
      if (await deps.store.isReady()) return { status: 'ready' as const, store: deps.store.kind };
      return reply
        .status(503)
        .send(
          errorPayload('STORE_UNAVAILABLE', `the ${deps.store.kind} store is unreachable or not migrated`),
        );
    },
  });
}
