import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assetMetricHistory, assetSchemaHistory } from '../../services/catalog/asset-history.js';
import type { ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const nameParams = z.object({
  name: z.string().min(1).describe('Full asset name (namespace/name), URL-encoded'),
});

/** What producers reported about an asset's data (OpenLineage outputStatistics and schema facets). */
export function assetHistoryRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/assets/:name/metrics', {
    schema: {
      tags: ['catalog'],
      summary: 'Volume history producers reported for the asset (row_count, bytes, file_count), oldest first',
      params: nameParams,
      querystring: z.object({
        metric: z.string().optional().describe('row_count, bytes or file_count; all when absent'),
        since: z.iso.datetime({ offset: true }).optional(),
        limit: z.coerce.number().int().min(1).max(10_000).default(2_000),
      }),
      response: {
        200: z.object({
          items: z.array(z.object({ metric: z.string(), at: z.string(), value: z.number() })),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const q = request.query;
      const rows = await assetMetricHistory(deps.store.db, {
        asset: request.params.name,
        metric: q.metric,
        since: q.since ? new Date(q.since) : undefined,
        limit: q.limit,
      });
      return { items: rows.map((p) => ({ metric: p.metric, at: p.at.toISOString(), value: p.value })) };
    },
  });
  r.get('/api/v1/assets/:name/schema-history', {
    schema: {
      tags: ['catalog'],
      summary: 'Schemas producers reported for the asset, newest first: one per change, with its diff',
      params: nameParams,
      response: {
        200: z.object({
          items: z.array(
            z.object({
              at: z.string(),
              columns: z.array(z.object({ name: z.string(), dataType: z.string(), position: z.number() })),
              diff: z
                .object({
                  added: z.array(z.object({ name: z.string(), dataType: z.string(), position: z.number() })),
                  removed: z.array(
                    z.object({ name: z.string(), dataType: z.string(), position: z.number() }),
                  ),
                  retyped: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
                  reordered: z.array(z.object({ name: z.string(), from: z.number(), to: z.number() })),
                })
                .nullable(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const rows = await assetSchemaHistory(deps.store.db, { asset: request.params.name, limit: 100 });
      return {
        items: rows.map((s) => ({
          at: s.at.toISOString(),
          columns: s.columns,
          diff: s.diff as {
            added: Array<{ name: string; dataType: string; position: number }>;
            removed: Array<{ name: string; dataType: string; position: number }>;
            retyped: Array<{ name: string; from: string; to: string }>;
            reordered: Array<{ name: string; from: number; to: number }>;
          } | null,
        })),
      };
    },
  });
}
