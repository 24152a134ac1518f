import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createSource, deleteSource, getSource, listSources, updateSource } from '../../services/sources.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const name = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');

export const sourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    description: z.string(),
    config: z.record(z.string(), z.unknown()),
    secretFields: z.array(z.string()).describe('Secret fields that are set; values are write-only'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Source' });

const sourceBody = z
  .object({
    name,
    kind: z.string().min(1),
    description: z.string().max(2000).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    secrets: z.record(z.string(), z.unknown()).optional().describe('Write-only: passwords, tokens'),
  })
  .strict();

const idParams = z.object({ id: z.string() });

export function sourceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/sources', {
    schema: {
      tags: ['sources'],
      summary: 'List sources',
      response: { 200: z.object({ items: z.array(sourceSchema) }), ...commonErrors },
    },
    handler: async (request) => ({ items: await listSources({ ctx: contextFor(deps, request) }) }),
  });
  r.get('/api/v1/sources/:id', {
    schema: {
      tags: ['sources'],
      summary: 'One source, by id or name',
      params: idParams,
      response: { 200: sourceSchema, ...commonErrors },
    },
    handler: async (request) => getSource({ ctx: contextFor(deps, request), input: request.params }),
  });
  r.post('/api/v1/sources', {
    schema: {
      tags: ['sources'],
      summary: 'Add a source',
      body: sourceBody,
      response: { 201: sourceSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await createSource({
          ctx: contextFor(deps, request),
          input: { ...request.body, validate: deps.catalog?.validate },
        }),
      ),
  });
  r.patch('/api/v1/sources/:id', {
    schema: {
      tags: ['sources'],
      summary: 'Change a source; secrets are merged (null removes one)',
      params: idParams,
      body: sourceBody.omit({ kind: true }).partial().strict(),
      response: { 200: sourceSchema, ...commonErrors },
    },
    handler: async (request) =>
      updateSource({
        ctx: contextFor(deps, request),
        input: { id: request.params.id, patch: request.body, validate: deps.catalog?.validate },
      }),
  });
  r.delete('/api/v1/sources/:id', {
    schema: {
      tags: ['sources'],
      summary: 'Move a source to the trash',
      params: idParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteSource({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
}
