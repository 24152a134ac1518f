import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import {
  assetDetail,
  findAsset,
  impactOfAsset,
  searchAssets,
} from '../../services/catalog/catalog-queries.js';
import { importDbt } from '../../services/catalog/import-dbt.js';
import { suggestPii } from '../../services/catalog/pii-suggestions.js';
import { updateAsset } from '../../services/catalog/update-asset.js';
import { ASSET_TYPES, type AssetRow, PII_CLASSES } from '../../store/schema-catalog.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';
import { alertSchema, toAlertView } from './alerts.js';
import { lineageNode } from './lineage.js';

const columnSchema = z.object({
  name: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
  pii: z.enum(PII_CLASSES).nullable().optional(),
});

export const assetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    namespace: z.string(),
    type: z.string(),
    description: z.string(),
    owner: z.string().nullable(),
    domain: z.string().nullable(),
    tags: z.array(z.string()),
    columns: z.array(columnSchema),
    origin: z.string(),
    externalId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Asset' });

export const toAssetView = (a: AssetRow) => ({
  id: a.id,
  name: a.name,
  namespace: a.namespace,
  type: a.type,
  description: a.description,
  owner: a.owner,
  domain: a.domain,
  tags: a.tags,
  columns: a.columns,
  origin: a.origin,
  externalId: a.external_id,
  createdAt: a.created_at.toISOString(),
  updatedAt: a.updated_at.toISOString(),
});

const nameParams = z.object({
  name: z.string().min(1).describe('Full asset name (namespace/name), URL-encoded'),
});

export function catalogRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/assets', {
    schema: {
      tags: ['catalog'],
      summary: 'Search the catalog',
      querystring: z.object({
        q: z.string().max(200).optional().describe('Text in the name or description'),
        type: z.enum(ASSET_TYPES).optional(),
        owner: z.string().optional(),
        tag: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(assetSchema) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: (await searchAssets(deps.store.db, request.query)).map(toAssetView),
    }),
  });

  r.get('/api/v1/assets/:name', {
    schema: {
      tags: ['catalog'],
      summary: 'One asset with its columns, the monitors on it and its firing alerts',
      params: nameParams,
      response: {
        200: assetSchema.extend({
          monitors: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              kind: z.string(),
              lastStatus: z.string().nullable(),
            }),
          ),
          alerts: z.array(alertSchema),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const d = await assetDetail(deps.store.db, request.params.name);
      return {
        ...toAssetView(d.asset),
        monitors: d.monitors.map((m) => ({
          id: m.id,
          name: m.name,
          kind: m.kind,
          lastStatus: m.last_status,
        })),
        alerts: d.alerts.map(toAlertView),
      };
    },
  });

  r.patch('/api/v1/assets/:name', {
    config: { role: 'admin' },
    schema: {
      tags: ['catalog'],
      summary: 'Curate an asset: owner, domain, tags, description, column PII classes (audited)',
      params: nameParams,
      body: z
        .object({
          owner: z.string().min(1).max(200).nullable().optional(),
          domain: z.string().min(1).max(200).nullable().optional(),
          tags: z.array(z.string().min(1).max(100)).max(100).optional(),
          description: z.string().max(10_000).optional(),
          columns: z.record(z.string(), z.object({ pii: z.enum(PII_CLASSES).nullable() })).optional(),
        })
        .strict(),
      response: { 200: assetSchema, ...commonErrors },
    },
    handler: async (request) =>
      toAssetView(
        await updateAsset({
          ctx: contextFor(deps, request),
          input: { name: request.params.name, patch: request.body },
        }),
      ),
  });

  r.get('/api/v1/assets/:name/pii-suggestions', {
    schema: {
      tags: ['catalog'],
      summary: 'PII classes suggested from column names (values are never read)',
      params: nameParams,
      response: {
        200: z.object({
          items: z.array(
            z.object({
              column: z.string(),
              class: z.enum(PII_CLASSES),
              confidence: z.enum(['high', 'medium']),
              reason: z.string(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => ({
      items: suggestPii((await findAsset(deps.store.db, request.params.name)).columns),
    }),
  });

  r.get('/api/v1/assets/:name/impact', {
    schema: {
      tags: ['catalog'],
      summary: 'Blast radius: every asset downstream, with its owner',
      params: nameParams,
      response: {
        200: z.object({ asset: z.string(), assets: z.array(lineageNode), owners: z.array(z.string()) }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const found = await impactOfAsset(deps.store.db, request.params.name);
      return { asset: found.asset.name, assets: found.assets, owners: found.owners };
    },
  });

  r.post('/api/v1/integrations/dbt', {
    config: { role: 'admin', intake: 'bulk' },
    bodyLimit: 100 * 1024 * 1024,
    schema: {
      tags: ['integrations'],
      summary: 'dbt artifacts: manifest (required), run_results and sources (optional)',
      body: z.object({
        manifest: z.unknown(),
        run_results: z.unknown().optional(),
        sources: z.unknown().optional(),
        namespace: z.string().min(1).max(500).optional(),
      }),
      response: {
        200: z.object({
          project: z.string().nullable(),
          assets: z.number(),
          edges: z.number(),
          checks: z.number(),
          alerts: z.array(z.object({ fingerprint: z.string(), change: z.string() })),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      if (request.body.manifest === undefined) {
        throw new AppError('VALIDATION_FAILED', 'manifest is required', [
          { path: 'body.manifest', message: 'is required' },
        ]);
      }
      try {
        return await importDbt({ ctx: contextFor(deps, request), input: request.body });
      } catch (error) {
        if (error instanceof AppError && error.details) {
          throw new AppError(
            error.code,
            error.message,
            error.details.map((d) => ({ path: `body.${d.path}`, message: d.message })),
          );
        }
        throw error;
      }
    },
  });
}
