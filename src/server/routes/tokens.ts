import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { createApiToken, toApiTokenView } from '../../services/create-api-token.js';
import { revokeApiToken } from '../../services/revoke-api-token.js';
import { listApiTokens } from '../../store/repositories/api-tokens.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    prefix: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export function tokenRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/tokens', {
    config: { role: 'admin' },
    schema: {
      tags: ['tokens'],
      summary: 'List API tokens (never their secrets)',
      response: { 200: z.object({ items: z.array(apiTokenSchema) }), ...commonErrors },
    },
    handler: async () => ({ items: (await listApiTokens(deps.store.db)).map(toApiTokenView) }),
  });

  r.post('/api/v1/tokens', {
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token; its secret is in this answer only',
      body: z
        .object({
          name: z.string().min(1).max(100),
          role: z.enum(ROLES),
          expiresAt: z.iso.datetime({ offset: true }).optional(),
        })
        .strict(),
      response: { 201: z.object({ token: apiTokenSchema, secret: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) => {
      const { name, role, expiresAt } = request.body;
      const created = await createApiToken({
        ctx: contextFor(deps, request),
        input: { name, role, expiresAt: expiresAt ? new Date(expiresAt) : undefined },
      });
      return reply.status(201).send(created);
    },
  });

  r.delete('/api/v1/tokens/:id', {
    schema: {
      tags: ['tokens'],
      summary: 'Revoke an API token',
      params: z.object({ id: z.string() }),
      response: { 200: apiTokenSchema, ...commonErrors },
    },
    handler: async (request) =>
      revokeApiToken({ ctx: contextFor(deps, request), input: { id: request.params.id } }),
  });
}
