import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Files a browser may ask for at the root (favicon, manifest); missing ones answer 404, not the UI. */
const STATIC_FILE = /^\/[^/]+\.(ico|png|svg|webmanifest|json|txt|js|css|map)$/;

/**
 * Serves the built web UI at `/`. The UI's files carry no data (it reads everything through the
 * API with the user's token), so every route this scope registers declares itself public: the
 * auth hook denies any route that does not, and @fastify/static takes no per-route config.
 */
export async function serveWebUi(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  if (!webRoot || !existsSync(webRoot)) return;
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await scope.register(fastifyStatic, { root: webRoot, wildcard: false });
    // The UI routes on the client (/monitors/abc): a page path the server does not know answers
    // index.html, so a reload or a shared link works. Not the API, and not a missing asset file.
    // (A route rather than setNotFoundHandler: installErrorHandler already owns the 404 handler.)
    scope.get('/*', { schema: { hide: true } }, (request, reply) => {
      // The decoded path, as the router read it: `/%61pi/...` is an API path too.
      const path = `/${(request.params as { '*'?: string })['*'] ?? ''}`;
      // Built files live under /assets/; a page path may end in ".table" (/catalog/main.orders).
      if (path.startsWith('/api/') || path.startsWith('/assets/') || STATIC_FILE.test(path))
        return reply.callNotFound();
      return reply.type('text/html').sendFile('index.html');
    });
  });
}
