import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SEVERITIES, parseDuration } from '../../domain/monitor.js';
import {
  createHeartbeat,
  deleteHeartbeat,
  type PingKind,
  recordPing,
  toHeartbeatView,
} from '../../services/heartbeats.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';
import { SYSTEM_ACTOR } from '../../domain/roles.js';

const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'a duration such as 30s, 5m, 1h or 1d');
const heartbeatSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    schedule: z.union([
      z.object({ period: z.string() }),
      z.object({ cron: z.string(), timeZone: z.string().optional() }),
    ]),
    grace: z.string(),
    severity: z.string(),
    owner: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
    status: z.string(),
    lastPingAt: z.string().nullable(),
    deadlineAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Heartbeat' });

export function heartbeatRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/heartbeats', {
    schema: {
      tags: ['heartbeats'],
      summary: "Heartbeats (dead-man's switches)",
      response: { 200: z.object({ items: z.array(heartbeatSchema) }), ...commonErrors },
    },
    handler: async () => ({
      items: (
        await deps.store.db
          .selectFrom('heartbeats')
          .selectAll()
          .where('deleted_at', 'is', null)
          .orderBy('name')
          .execute()
      ).map(toHeartbeatView),
    }),
  });
  r.post('/api/v1/heartbeats', {
    schema: {
      tags: ['heartbeats'],
      summary: 'Create a heartbeat; the ping URL (with its token) is in this answer only',
      body: z
        .object({
          name: z.string().min(1).max(200),
          schedule: z.union([
            z.object({ period: duration }).strict(),
            z.object({ cron: z.string().min(1), timeZone: z.string().optional() }).strict(),
          ]),
          grace: duration.default('5m'),
          severity: z.enum(SEVERITIES).default('page'),
          owner: z.string().nullable().optional(),
          labels: z.record(z.string(), z.string()).default({}),
        })
        .strict(),
      response: { 201: z.object({ heartbeat: heartbeatSchema, pingUrl: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) => {
      const { heartbeat, token } = await createHeartbeat({
        ctx: contextFor(deps, request),
        input: request.body,
      });
      const base =
        deps.config.server.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
      return reply.status(201).send({ heartbeat, pingUrl: `${base}/api/v1/heartbeats/${token}` });
    },
  });
  r.delete('/api/v1/heartbeats/:id', {
    schema: {
      tags: ['heartbeats'],
      summary: 'Move a heartbeat to the trash',
      params: z.object({ id: z.string() }),
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteHeartbeat({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });

  // Pings authenticate by the token in the URL, as healthchecks.io does: a cron job can curl it.
  const ping = (kind: PingKind) => ({
    config: { public: true, intake: 'events' as const },
    schema: {
      tags: ['heartbeats'],
      summary:
        kind === 'success'
          ? 'Ping: the job ran'
          : kind === 'start'
            ? 'Ping: the job started'
            : 'Ping: the job failed',
      params: z.object({ token: z.string().regex(/^hb_[\w-]+$/, 'a heartbeat token') }),
      querystring: z.object({
        rid: z.string().max(200).optional(),
        duration: z.coerce.number().min(0).optional().describe('Run duration in seconds'),
      }),
      response: { 200: z.object({ status: z.string() }), ...commonErrors },
    },
    handler: async (request: {
      params: { token: string };
      query: { rid?: string | undefined; duration?: number | undefined };
    }) =>
      recordPing({
        ctx: {
          store: deps.store,
          clock: deps.clock,
          log: deps.log,
          secrets: deps.secrets,
          actor: SYSTEM_ACTOR,
        },
        input: {
          token: request.params.token,
          kind,
          runId: request.query.rid,
          durationMs: request.query.duration === undefined ? undefined : request.query.duration * 1000,
        },
      }),
  });
  for (const method of ['GET', 'POST'] as const) {
    r.route({ method, url: '/api/v1/heartbeats/:token', ...ping('success') });
    r.route({ method, url: '/api/v1/heartbeats/:token/start', ...ping('start') });
    r.route({ method, url: '/api/v1/heartbeats/:token/fail', ...ping('fail') });
  }
}
