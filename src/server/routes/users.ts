import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { createUser } from '../../services/users/create-user.js';
import { SignInThrottle } from '../../services/users/sign-in-limits.js';
import { signInUser } from '../../services/users/sign-in-user.js';
import { signOutUser } from '../../services/users/sign-out-user.js';
import { updateUser } from '../../services/users/update-user.js';
import { listUsers } from '../../services/users/user-records.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { errorBody } from '../errors.js';
import { commonErrors, typed } from '../route-schema.js';

const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'User' });

const userName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.@+-]+$/, 'letters, digits and . _ @ + - only');
const password = z.string().min(10, 'at least 10 characters').max(200);

/** People with a name and password (admins manage them), and the sign-in that gives a session. */
export function userRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  // One count of failed sign-ins for the server's lifetime (per process).
  const throttle = new SignInThrottle();
  r.get('/api/v1/users', {
    config: { role: 'admin' },
    schema: {
      tags: ['users'],
      summary: 'Users who sign in with a password (never their hashes)',
      response: { 200: z.object({ items: z.array(userSchema) }), ...commonErrors },
    },
    handler: async () => ({ items: await listUsers(deps.store.db) }),
  });

  r.post('/api/v1/users', {
    config: { role: 'admin' },
    schema: {
      tags: ['users'],
      summary: 'Create a user with a password (hashed with scrypt)',
      body: z.object({ name: userName, password, role: z.enum(ROLES) }).strict(),
      response: { 201: userSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createUser({ ctx: contextFor(deps, request), input: request.body })),
  });

  r.patch('/api/v1/users/:id', {
    config: { role: 'admin' },
    schema: {
      tags: ['users'],
      summary: "Change a user's role or password, or disable them; their sessions end",
      params: z.object({ id: z.string().max(100) }),
      body: z
        .object({
          role: z.enum(ROLES).optional(),
          password: password.optional(),
          disabled: z.boolean().optional(),
        })
        .strict(),
      response: { 200: userSchema, ...commonErrors },
    },
    handler: async (request) =>
      updateUser({ ctx: contextFor(deps, request), input: { ...request.body, id: request.params.id } }),
  });

  r.post('/api/v1/login', {
    config: { public: true },
    schema: {
      tags: ['users'],
      summary: 'Sign in with a user name and password: answers a session token with the user role',
      body: z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
      response: {
        200: z.object({
          token: z.string().describe('Send as "Authorization: Bearer <token>"; valid for 12 hours'),
          user: z.object({ name: z.string(), role: z.enum(ROLES) }),
          expiresAt: z.string(),
        }),
        ...commonErrors,
        429: errorBody.describe('Too many failed sign-ins for this name or address; see Retry-After'),
      },
    },
    handler: async (request) =>
      signInUser({
        ctx: {
          store: deps.store,
          clock: deps.clock,
          log: request.log,
          secrets: deps.secrets,
          requestId: request.id,
          throttle,
        },
        input: { ...request.body, clientAddress: request.ip },
      }),
  });

  r.delete('/api/v1/session', {
    config: { role: 'viewer' },
    schema: {
      tags: ['users'],
      summary: 'Sign out: revokes the password session token this request carries (API tokens are kept)',
      response: {
        200: z.object({ ended: z.boolean().describe('false when the token is an API token, left valid') }),
        ...commonErrors,
      },
    },
    handler: async (request) => signOutUser({ ctx: contextFor(deps, request) }),
  });
}
