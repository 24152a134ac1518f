import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { collectAllUsage } from '../../services/usage/collect-all-usage.js';
import { assetUsage, mostUsedAssets } from '../../services/usage/usage-queries.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const days = z.coerce
  .number()
  .int()
  .min(1)
  .max(365)
  .default(30)
  .describe("Window for Vigil's own check runs");
const warehouseStatus = z.object({
  available: z.boolean().describe('False until a PostgreSQL source with pg_stat_statements was read'),
  reason: z.string().nullable().describe('Why warehouse usage is not available, and what to do'),
});

/** Usage per asset: reads the warehouse counted (pg_stat_statements) and Vigil's own checks. */
export function usageRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/assets/:name/usage', {
    schema: {
      tags: ['catalog'],
      summary: 'How much an asset is used: warehouse reads and writes, and Vigil checks on it',
      params: z.object({ name: z.string().min(1).describe('Full asset name (namespace/name), URL-encoded') }),
      querystring: z.object({ days }),
      response: {
        200: z
          .object({
            asset: z.string(),
            warehouse: warehouseStatus.extend({
              reads: z
                .number()
                .nullable()
                .describe('Statement calls that read the table, since the counters were reset'),
              writes: z.number().nullable(),
              collectedAt: z.string().nullable(),
            }),
            vigil: z.object({ days: z.number(), checks: z.number(), monitors: z.number() }),
            byDay: z
              .array(
                z.object({
                  day: z.string().describe('YYYY-MM-DD, UTC'),
                  reads: z
                    .number()
                    .nullable()
                    .describe('Warehouse reads counted that day; null when no earlier reading bounds it'),
                  writes: z.number().nullable(),
                  checks: z.number().describe("Vigil's own check runs on the asset that day"),
                }),
              )
              .describe('One entry per UTC day of the window, oldest first'),
          })
          .meta({ id: 'AssetUsage' }),
        ...commonErrors,
      },
    },
    handler: async (request) =>
      assetUsage(deps.store.db, request.params.name, deps.clock.now(), request.query.days),
  });

  r.get('/api/v1/usage/top', {
    schema: {
      tags: ['catalog'],
      summary: 'The most used assets: by warehouse reads, then by Vigil checks',
      querystring: z.object({ days, limit: z.coerce.number().int().min(1).max(500).default(20) }),
      response: {
        200: z.object({
          warehouse: warehouseStatus,
          items: z.array(
            z.object({
              asset: z.string(),
              warehouseReads: z.number(),
              warehouseWrites: z.number(),
              vigilChecks: z.number(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => mostUsedAssets(deps.store.db, deps.clock.now(), request.query),
  });

  r.post('/api/v1/usage/collect', {
    config: { role: 'admin' },
    schema: {
      tags: ['catalog'],
      summary: 'Read usage from every PostgreSQL source now (the worker does it hourly)',
      response: {
        200: z.object({
          items: z.array(
            z.object({
              source: z.string(),
              available: z.boolean(),
              reason: z.string().nullable(),
              tables: z.number(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const sources = deps.runner?.sources;
      if (!sources)
        throw new AppError('CONFLICT', 'this server has no source connections to read usage with');
      return { items: await collectAllUsage({ ctx: contextFor(deps, request), input: { sources } }) };
    },
  });
}
