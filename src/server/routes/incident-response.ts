import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BACKFILL_STATUSES, REPORT_VOICES } from '../../domain/incident-response.js';
import { CHANGE_KINDS } from '../../domain/what-changed.js';
import { announceIncident } from '../../services/incidents/announce-incident.js';
import { blastRadius, notifyBlastRadius } from '../../services/incidents/blast-radius.js';
import { incidentRunbooks } from '../../services/incidents/incident-outbox.js';
import { findIncident } from '../../services/incidents/incident-records.js';
import { postIncidentReport } from '../../services/incidents/post-report.js';
import { incidentImpactView, recordIncidentImpact } from '../../services/incidents/record-impact.js';
import { CODE_VERSION_KINDS, recordCodeVersion } from '../../services/incidents/record-code-version.js';
import {
  alertRunbooks,
  assetRunbook,
  runbookView,
  setAssetRunbook,
} from '../../services/incidents/runbooks.js';
import { whatChanged } from '../../services/incidents/what-changed.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { incidentPolicyRoutes } from './incident-policy.js';
import { commonErrors, typed } from '../route-schema.js';

const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const idParams = z.object({ id: z.string().max(100) });
const channels = z.array(z.string().trim().min(1).max(200)).max(50).optional();
const out = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...commonErrors });

const blastAsset = z.object({
  name: z.string(),
  depth: z.number(),
  path: z.array(z.string()),
  type: z.string().nullable(),
  owner: z.string().nullable(),
  domain: z.string().nullable(),
});
const impactSchema = z
  .object({
    badDataFrom: z.string().nullable(),
    badDataTo: z.string().nullable(),
    rowsAffected: z.number().nullable(),
    partitions: z.array(z.string()),
    consumers: z.array(z.string()),
    backfillStatus: z.enum(BACKFILL_STATUSES),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    estimated: z
      .object({ badDataFrom: z.boolean(), badDataTo: z.boolean() })
      .describe("Ends of the window taken from the incident's start and resolution, not recorded"),
  })
  .meta({ id: 'IncidentDataImpact' });
const runbookSchema = z.object({
  source: z.string(),
  format: z.enum(['link', 'markdown']),
  content: z.string(),
});
const sent = z.object({ eventId: z.number(), channels: z.array(z.string()) });

/** Incident response beyond the record: reports, blast radius, what changed, impact, runbooks. */
export function incidentResponseRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  incidentPolicyRoutes(app, deps);
  const followLink = (id: string) =>
    deps.config.server.publicUrl
      ? `${deps.config.server.publicUrl.replace(/\/$/, '')}/incidents/${id}`
      : `incident ${id} in Vigil`;

  r.post('/api/v1/incidents/:id/announce', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'First announcement: what, since when, impact, severity, where to follow',
      params: idParams,
      body: z.object({ impact: z.string().trim().min(1).max(2_000), channels }),
      response: { 201: sent.extend({ text: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await announceIncident({
          ctx: contextFor(deps, request),
          input: { ...request.body, id: request.params.id, follow: followLink(request.params.id) },
        }),
      ),
  });
  r.post('/api/v1/incidents/:id/reports', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'A tactical report (conditions, actions, needs) or an executive summary',
      params: idParams,
      body: z.object({
        voice: z.enum(REPORT_VOICES),
        conditions: z.string().max(5_000).optional(),
        actions: z.string().max(5_000).optional(),
        needs: z.string().max(5_000).optional(),
        summary: z.string().max(5_000).optional(),
        channels,
        notify: z.boolean().optional(),
      }),
      response: { 201: sent.extend({ nextDueAt: z.string().nullable() }), ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await postIncidentReport({
          ctx: contextFor(deps, request),
          input: { ...request.body, id: request.params.id },
        }),
      ),
  });
  r.get('/api/v1/incidents/:id/blast-radius', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: 'Downstream assets, their owners and the dashboards that read them, from lineage',
      params: idParams,
      response: out(
        z.object({
          incidentId: z.string(),
          affected: z.array(blastAsset),
          downstream: z.array(blastAsset),
          dashboards: z.array(blastAsset),
          owners: z.array(z.string()),
          lineageKnown: z.boolean(),
        }),
      ),
    },
    handler: async (request) => blastRadius(deps.store.db, request.params.id),
  });
  r.post('/api/v1/incidents/:id/blast-radius/notify', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Tell the owners in the blast radius, on their routed channels and any named',
      params: idParams,
      body: z.object({ channels, note: z.string().max(2_000).optional() }).default({}),
      response: { 201: sent.extend({ owners: z.array(z.string()) }), ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await notifyBlastRadius({
          ctx: contextFor(deps, request),
          input: { ...request.body, id: request.params.id },
        }),
      ),
  });
  r.get('/api/v1/incidents/:id/what-changed', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: 'Ranked candidate causes around the start, on the affected assets and upstream',
      params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: out(
        z.object({
          incidentId: z.string(),
          start: z.string(),
          from: z.string(),
          to: z.string(),
          assetsConsidered: z.number(),
          lineageKnown: z.boolean(),
          items: z.array(
            z.object({
              kind: z.enum(CHANGE_KINDS),
              asset: z.string(),
              at: z.string(),
              distance: z.number(),
              detail: z.string(),
              magnitude: z.number().optional(),
              ref: z.record(z.string(), z.string()).optional(),
              score: z.number(),
              reason: z.string(),
            }),
          ),
        }),
      ),
    },
    handler: async (request) =>
      whatChanged(deps.store.db, { id: request.params.id, limit: request.query.limit }),
  });
  r.get('/api/v1/incidents/:id/impact', {
    config: { role: 'viewer' },
    schema: { tags: ['incidents'], summary: 'Data impact', params: idParams, response: out(impactSchema) },
    handler: async (request) => incidentImpactView(deps.store.db, request.params.id),
  });
  r.put('/api/v1/incidents/:id/impact', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Record the bad-data window, rows and partitions affected, consumers, backfill status',
      params: idParams,
      body: z.object({
        badDataFrom: isoTime.nullable().optional(),
        badDataTo: isoTime.nullable().optional(),
        rowsAffected: z.number().int().min(0).nullable().optional(),
        partitions: z.array(z.string().max(500)).max(10_000).optional(),
        consumers: z.array(z.string().max(500)).max(1_000).optional(),
        backfillStatus: z.enum(BACKFILL_STATUSES).optional(),
      }),
      response: out(impactSchema),
    },
    handler: async (request) =>
      recordIncidentImpact({
        ctx: contextFor(deps, request),
        input: { ...request.body, id: request.params.id },
      }),
  });
  r.get('/api/v1/incidents/:id/runbooks', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: "Runbooks of the incident's monitors and assets",
      params: idParams,
      response: out(z.object({ items: z.array(runbookSchema) })),
    },
    handler: async (request) => {
      const incident = await findIncident(deps.store.db, request.params.id);
      const items = await incidentRunbooks(deps.store.db, incident);
      return { items: items.map((i) => runbookView(i.source, i.runbook)) };
    },
  });
  r.get('/api/v1/alerts/:id/runbooks', {
    config: { role: 'viewer' },
    schema: {
      tags: ['alerts'],
      summary: "The alert's runbooks: its monitor's, then its asset's",
      params: idParams,
      response: out(z.object({ items: z.array(runbookSchema) })),
    },
    handler: async (request) => ({ items: await alertRunbooks(deps.store.db, request.params.id) }),
  });
  const assetParams = z.object({ name: z.string().min(1).max(500) });
  r.get('/api/v1/assets/:name/runbook', {
    config: { role: 'viewer' },
    schema: {
      tags: ['catalog'],
      summary: 'The runbook kept on an asset',
      params: assetParams,
      response: out(z.object({ runbook: runbookSchema.nullable() })),
    },
    handler: async (request) => ({ runbook: await assetRunbook(deps.store.db, request.params.name) }),
  });
  r.put('/api/v1/assets/:name/runbook', {
    config: { role: 'responder' },
    schema: {
      tags: ['catalog'],
      summary: 'Set the runbook of an asset: a link or Markdown (empty removes it)',
      params: assetParams,
      body: z.object({ content: z.string().max(50_000) }),
      response: out(z.object({ runbook: runbookSchema.nullable() })),
    },
    handler: async (request) => ({
      runbook: await setAssetRunbook({
        ctx: contextFor(deps, request),
        input: { asset: request.params.name, content: request.body.content },
      }),
    }),
  });
  r.post('/api/v1/code-versions', {
    config: { role: 'responder' },
    schema: {
      tags: ['incidents'],
      summary: 'Report the version of the code writing an asset (deploy marker, dbt checksum, job SHA)',
      body: z.object({
        asset: z.string().min(1).max(500),
        version: z.string().min(1).max(200),
        kind: z.enum(CODE_VERSION_KINDS).default('deploy'),
        note: z.string().max(500).optional(),
        at: isoTime.optional(),
      }),
      response: { 201: z.object({ created: z.boolean() }), ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await recordCodeVersion({ ctx: contextFor(deps, request), input: request.body })),
  });
}
