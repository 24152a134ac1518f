import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { roleAllows } from '../domain/roles.js';
import { type RouteAccess, neededRole } from './auth.js';

/**
 * The OpenAPI transform: zod schemas become JSON Schema, and each operation states who may call
 * it, read from the same route config the auth hook decides on. `x-vigil-role` is `public` or the
 * least role; a public operation also clears the document's bearer requirement (`security: []`).
 * Clients and the route-table test read the declaration from here, not from a hand-kept list.
 */
export const accessAwareTransform: SwaggerTransform = (document) => {
  const out = jsonSchemaTransform(document as Parameters<typeof jsonSchemaTransform>[0]);
  const access = document.route.config as RouteAccess | undefined;
  const methods = ([] as string[]).concat(document.route.method);
  // A route under several methods shares one schema: take the strictest default among them.
  const role = access?.public
    ? 'public'
    : methods.map((m) => neededRole(m, access)).reduce((x, y) => (roleAllows(x, y) ? x : y));
  const schema: FastifySchema & Record<string, unknown> = { ...out.schema, 'x-vigil-role': role };
  if (role === 'public') schema.security = [];
  return { schema, url: out.url };
};
