import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../../domain/errors.js';
import {
  type OpenLineageEvent,
  parseOpenLineageBatch,
  parseOpenLineageEvent,
} from '../../ingest/openlineage/index.js';
import { lineageOf } from '../../services/catalog/catalog-queries.js';
import { createIntakeQueue } from '../../services/catalog/intake-queue.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

/** A JSON pointer under `body` as people read it: `/run/runId` -> `body.run.runId`, `/0/x` -> `body[0].x`. */
export function bodyPath(pointer: string, prefix = 'body'): string {
  return (
    prefix +
    pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
      .join('')
  );
}

const refused = (what: string, details: ErrorDetail[]) =>
  new AppError('VALIDATION_FAILED', `${what}: ${details.map((d) => d.path).join(', ')}`, details);

const intakeSchema = z.object({
  accepted: z.number(),
  rejected: z.array(
    z.object({ index: z.number(), errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
  ),
  assets: z.number(),
  edges: z.number(),
  runs: z.array(
    z.object({
      runId: z.string(),
      job: z.string(),
      state: z.string(),
      changed: z.boolean(),
      refused: z.string().optional(),
    }),
  ),
  alerts: z.array(z.object({ fingerprint: z.string(), change: z.string() })),
});

const lineageNode = z.object({
  name: z.string(),
  depth: z.number(),
  path: z.array(z.string()),
  via: z.array(z.string().nullable()),
  type: z.string().nullable(),
  owner: z.string().nullable(),
});
export { lineageNode };

export function lineageRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  // Concurrent intake requests are written together (group commit); see intake-queue.ts.
  const intakeQueue = createIntakeQueue();
  r.post('/api/v1/lineage', {
    config: { role: 'responder', intake: 'events' },
    schema: {
      tags: ['lineage'],
      summary: 'OpenLineage intake (the path Marquez uses): one event, or an array of events',
      description:
        'One invalid event is refused whole (400, nothing stored). In an array the valid events are stored and the invalid ones reported by index.',
      body: z.unknown(),
      response: { 200: intakeSchema, ...commonErrors },
    },
    handler: async (request) => {
      let events: OpenLineageEvent[];
      const rejected: z.infer<typeof intakeSchema>['rejected'] = [];
      if (Array.isArray(request.body)) {
        const batch = parseOpenLineageBatch(request.body);
        if (!batch.ok) throw refused('not an array of OpenLineage events', batch.errors);
        for (const r of batch.value.rejected) {
          rejected.push({
            index: r.index,
            errors: r.errors.map((e) => ({ path: bodyPath(e.path, `body[${r.index}]`), message: e.message })),
          });
        }
        if (batch.value.accepted.length === 0 && rejected.length > 0) {
          throw refused(
            'no valid OpenLineage event in the batch',
            rejected.flatMap((x) => x.errors),
          );
        }
        events = batch.value.accepted.map((a) => a.event);
      } else {
        const one = parseOpenLineageEvent(request.body);
        if (!one.ok) {
          throw refused(
            'not an OpenLineage event',
            one.errors.map((e) => ({ path: bodyPath(e.path), message: e.message })),
          );
        }
        events = [one.value];
      }
      const intake = await intakeQueue.submit(contextFor(deps, request), events);
      return {
        accepted: events.length,
        rejected,
        assets: intake.assets,
        edges: intake.edges,
        runs: intake.runs,
        alerts: intake.alerts,
      };
    },
  });

  r.get('/api/v1/lineage/:name', {
    schema: {
      tags: ['lineage'],
      summary: 'Assets upstream or downstream of one asset, nearest first',
      description: 'The name is the full asset name (namespace/name), URL-encoded.',
      params: z.object({ name: z.string() }),
      querystring: z.object({
        direction: z.enum(['upstream', 'downstream']).default('downstream'),
        depth: z.coerce.number().int().min(1).max(50).default(3),
      }),
      response: {
        200: z.object({
          asset: z.string(),
          direction: z.enum(['upstream', 'downstream']),
          depth: z.number(),
          nodes: z.array(lineageNode),
          edges: z.array(z.object({ from: z.string(), to: z.string(), via: z.string().nullable() })),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const { direction, depth } = request.query;
      const found = await lineageOf(deps.store.db, { name: request.params.name, direction, depth });
      return { asset: found.asset.name, direction, depth, nodes: found.nodes, edges: found.edges };
    },
  });
}
