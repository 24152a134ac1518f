import type { FastifyInstance } from 'fastify';

/** Every route as `METHOD /path/:param`, read from Fastify's own route tree (not the OpenAPI document). */
export function routeList(app: FastifyInstance): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) out.push({ method, path: stack.join('') });
  }
  return out;
}

/** A concrete URL for a route pattern: each `:param` becomes `x1`. */
export const sampleUrl = (path: string): string => path.replace(/:[^/]+/g, 'x1');
