import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryAudit } from '../../store/repositories/audit-log.js';
import type { ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const auditEntry = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    summary: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export function auditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  typed(app).get('/api/v1/audit', {
    config: { role: 'admin' },
    schema: {
      tags: ['audit'],
      summary: 'The audit trail, newest first',
      querystring: z.object({
        targetType: z.string().optional(),
        targetId: z.string().optional(),
        actorId: z.string().optional(),
        action: z.string().optional(),
        before: z.coerce
          .number()
          .int()
          .positive()
          .optional()
          .describe('Page backwards: entries with an id below this'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: {
        200: z.object({ items: z.array(auditEntry), nextBefore: z.number().nullable() }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const rows = await queryAudit(deps.store.db, request.query);
      const items = rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
        action: r.action,
        target: { type: r.target_type, id: r.target_id },
        summary: r.summary,
        before: r.before,
        after: r.after,
        requestId: r.request_id,
      }));
      const last = items[items.length - 1];
      return { items, nextBefore: items.length === request.query.limit && last ? last.id : null };
    },
  });
}
