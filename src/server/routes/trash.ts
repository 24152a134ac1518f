import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { restoreFromTrash } from '../../services/trash.js';
import { listTrash, TRASH_KINDS, type TrashKind } from '../../store/trash.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const kind = z.enum(TRASH_KINDS as [TrashKind, ...TrashKind[]]);
const trashItem = z
  .object({
    kind,
    id: z.string(),
    name: z.string(),
    deletedAt: z.string(),
    deletedBy: z.string().nullable(),
    purgeAfter: z.string(),
  })
  .meta({ id: 'TrashItem' });

export function trashRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  const retentionMs = deps.config.trash.retentionDays * 86_400_000;
  r.get('/api/v1/trash', {
    config: { role: 'admin' },
    schema: {
      tags: ['trash'],
      summary: 'What was deleted and can still be restored',
      querystring: z.object({ kind: kind.optional() }),
      response: { 200: z.object({ items: z.array(trashItem) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: (await listTrash(deps.store.db, request.query.kind)).map((i) => ({
        ...i,
        deletedAt: i.deletedAt.toISOString(),
        purgeAfter: new Date(i.deletedAt.getTime() + retentionMs).toISOString(),
      })),
    }),
  });

  r.post('/api/v1/trash/:kind/:id/restore', {
    schema: {
      tags: ['trash'],
      summary: 'Restore a deleted item',
      params: z.object({ kind, id: z.string() }),
      response: { 200: z.object({ kind, id: z.string(), name: z.string() }), ...commonErrors },
    },
    handler: async (request) => restoreFromTrash({ ctx: contextFor(deps, request), input: request.params }),
  });
}
