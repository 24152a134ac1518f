import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listInbox } from '../../services/alerts/list-inbox.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const ref = z.object({ id: z.string(), title: z.string() }).nullable();

const inboxSchema = z
  .object({
    channels: z.array(z.string()).describe('The inbox channels that exist'),
    items: z.array(
      z.object({
        id: z.number(),
        channel: z.string(),
        kind: z
          .string()
          .describe('alert.firing, alert.resolved, alert.acknowledged, incident.update, test, digest'),
        title: z.string(),
        severity: z.string(),
        status: z.string(),
        text: z.string(),
        asset: z.string().nullable(),
        occurredAt: z.string(),
        alert: ref.describe('The alert the message is about'),
        incident: ref.describe('The incident that alert is in, or the incident an update is about'),
      }),
    ),
  })
  .meta({ id: 'Inbox' });

export function inboxRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/inbox', {
    schema: {
      tags: ['alerts'],
      summary: 'Notifications kept by the inbox channels, newest first',
      querystring: z.object({
        channel: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        before: z.coerce.number().int().positive().optional().describe('Items older than this id'),
      }),
      response: { 200: inboxSchema, ...commonErrors },
    },
    handler: async (request) =>
      listInbox({
        ctx: contextFor(deps, request),
        input: { channel: request.query.channel, limit: request.query.limit, beforeId: request.query.before },
      }),
  });
}
