import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import { type Actor, type Role, roleAllows } from '../domain/roles.js';
import type { Store } from '../store/database.js';
import { authenticateToken } from '../services/authenticate-token.js';

/**
 * Per-route access, set in the route's `config`: `{ public: true }` needs no token; otherwise
 * `role` is the least role allowed (default: viewer for reads, admin for changes).
 */
export interface RouteAccess {
  public?: boolean;
  role?: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
  interface FastifyContextConfig extends RouteAccess {}
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function neededRole(method: string, access: RouteAccess | undefined): Role {
  return access?.role ?? (READS.has(method) ? 'viewer' : 'admin');
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'an API token is required');
  return request.actor;
}

export function installAuth(app: FastifyInstance, store: Store, clock: Clock): void {
  app.decorateRequest('actor', undefined);
  // onRequest runs before body parsing and validation, so a stranger learns nothing about the
  // schema: no token is 401 whatever the body holds.
  // Access is read from the route the router matched, never from the raw URL: the router decodes
  // %-escapes (`/%61pi/v1/audit` is the audit route), so a test on the URL text can be walked
  // around. Deny by default: only a route that declares `public: true` is open.
  app.addHook('onRequest', async (request) => {
    // No matched route: the 404 handler answers, and it reads nothing.
    if (!request.routeOptions.url) return;
    const access = request.routeOptions.config as RouteAccess | undefined;
    if (access?.public === true) return;
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1])
      throw new AppError('UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"');
    request.actor = await authenticateToken(store, clock, match[1]);
    const needed = neededRole(request.method, access);
    if (!roleAllows(request.actor.role, needed)) {
      throw new AppError('FORBIDDEN', `this needs the ${needed} role; the token has ${request.actor.role}`);
    }
  });
}
