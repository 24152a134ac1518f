import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SloEvaluation } from '../../domain/slo/evaluate.js';
import { createSlo } from '../../services/slo/create-slo.js';
import { deleteSlo } from '../../services/slo/delete-slo.js';
import { evaluateSlo, sloHistoryOf } from '../../services/slo/evaluate-slo.js';
import { incidentBudgetBurn } from '../../services/slo/incident-budget-burn.js';
import { findSlo, sloView } from '../../services/slo/slo-records.js';
import { sloFieldsSchema, sloInputSchema } from '../../services/slo/slo-schema.js';
import { updateSlo } from '../../services/slo/update-slo.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const STATUSES = ['ok', 'warning', 'critical', 'exhausted', 'no_data'] as const;

const storedEvaluationSchema = z.object({
  at: z.string(),
  status: z.string(),
  sli: z.number().nullable(),
  budgetLeft: z.number().nullable(),
  burnRates: z.record(z.string(), z.number().nullable()),
  errorRatios: z.record(z.string(), z.number().nullable()),
  firing: z.enum(['page', 'ticket']).nullable(),
});

export const sloSchema = sloFieldsSchema
  .extend({
    id: z.string(),
    origin: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastEvaluation: storedEvaluationSchema.nullable().describe('As of the worker’s last pass'),
  })
  .meta({ id: 'Slo' });

const sloStatusSchema = z
  .object({
    name: z.string(),
    status: z.enum(STATUSES),
    evaluatedAt: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    sli: z.number().nullable().describe('Good / total over the period so far'),
    target: z.number(),
    budgetLeft: z.number().nullable().describe('1 = untouched, 0 or less = spent'),
    good: z.number(),
    total: z.number(),
    events: z.number(),
    windows: z.array(
      z.object({
        window: z.string(),
        errorRatio: z.number().nullable(),
        burnRate: z.number().nullable(),
        events: z.number(),
      }),
    ),
    rules: z.array(
      z.object({
        severity: z.enum(['page', 'ticket']),
        longWindow: z.string(),
        shortWindow: z.string(),
        factor: z.number(),
        longBurn: z.number().nullable(),
        shortBurn: z.number().nullable(),
        firing: z.boolean(),
      }),
    ),
    firing: z.enum(['page', 'ticket']).nullable(),
    timeToExhaustionSeconds: z.number().nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'SloStatus' });

const historySchema = z
  .object({
    name: z.string(),
    target: z.number(),
    points: z.array(
      z.object({ at: z.string(), sli: z.number().nullable(), budgetLeft: z.number().nullable() }),
    ),
  })
  .meta({ id: 'SloHistory' });

const iso = (ms: number) => new Date(ms).toISOString();

function statusView(name: string, e: SloEvaluation) {
  return {
    name,
    status: e.status,
    evaluatedAt: iso(e.at),
    periodStart: iso(e.periodStart),
    periodEnd: iso(e.periodEnd),
    sli: e.sli,
    target: e.target,
    budgetLeft: e.budgetLeft,
    good: e.good,
    total: e.total,
    events: e.events,
    windows: e.windows.map(({ ms: _ms, ...w }) => w),
    rules: e.rules,
    firing: e.firing,
    timeToExhaustionSeconds: e.timeToExhaustionMs === null ? null : Math.round(e.timeToExhaustionMs / 1000),
    warnings: e.warnings,
  };
}

const nameParams = z.object({ name: z.string() });

export function sloRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/slos', {
    schema: {
      tags: ['slos'],
      summary: 'SLOs with their last evaluation',
      querystring: z.object({ service: z.string().optional(), owner: z.string().optional() }),
      response: { 200: z.object({ items: z.array(sloSchema) }), ...commonErrors },
    },
    handler: async (request) => {
      let q = deps.store.db.selectFrom('slos').selectAll().orderBy('name');
      if (request.query.service) q = q.where('service', '=', request.query.service);
      if (request.query.owner) q = q.where('owner', '=', request.query.owner);
      return { items: (await q.execute()).map(sloView) };
    },
  });
  r.post('/api/v1/slos', {
    schema: {
      tags: ['slos'],
      summary: 'Create an SLO',
      body: sloInputSchema,
      response: { 201: sloSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createSlo({ ctx: contextFor(deps, request), input: { spec: request.body } })),
  });
  r.get('/api/v1/slos/:name', {
    schema: {
      tags: ['slos'],
      summary: 'One SLO',
      params: nameParams,
      response: { 200: sloSchema, ...commonErrors },
    },
    handler: async (request) => sloView(await findSlo(deps.store.db, request.params.name)),
  });
  r.put('/api/v1/slos/:name', {
    schema: {
      tags: ['slos'],
      summary: 'Replace an SLO (the whole spec; a new name renames it)',
      params: nameParams,
      body: sloInputSchema,
      response: { 200: sloSchema, ...commonErrors },
    },
    handler: async (request) =>
      updateSlo({ ctx: contextFor(deps, request), input: { name: request.params.name, spec: request.body } }),
  });
  r.delete('/api/v1/slos/:name', {
    schema: {
      tags: ['slos'],
      summary: 'Delete an SLO',
      params: nameParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteSlo({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/slos/:name/status', {
    schema: {
      tags: ['slos'],
      summary: 'Status now: indicator, budget left, burn rates per window, alert rules, time to exhaustion',
      params: nameParams,
      response: { 200: sloStatusSchema, ...commonErrors },
    },
    handler: async (request) => {
      const { spec, evaluation } = await evaluateSlo({
        ctx: contextFor(deps, request),
        input: request.params,
      });
      return statusView(spec.name, evaluation);
    },
  });
  r.get('/api/v1/slos/:name/history', {
    schema: {
      tags: ['slos'],
      summary: 'Indicator and budget left over the last period, for charts',
      params: nameParams,
      querystring: z.object({ points: z.coerce.number().int().min(2).max(500).default(60) }),
      response: { 200: historySchema, ...commonErrors },
    },
    handler: async (request) => {
      const { spec, points } = await sloHistoryOf({
        ctx: contextFor(deps, request),
        input: { name: request.params.name, points: request.query.points },
      });
      return {
        name: spec.name,
        target: spec.objective.target,
        points: points.map((p) => ({ ...p, at: iso(p.at) })),
      };
    },
  });
  r.get('/api/v1/slos/:name/events', {
    schema: {
      tags: ['slos'],
      summary: 'Budget spent and recovered, review reminders; newest first',
      params: nameParams,
      response: {
        200: z.object({
          items: z.array(
            z.object({
              at: z.string(),
              kind: z.string(),
              message: z.string(),
              data: z.record(z.string(), z.unknown()).nullable(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const slo = await findSlo(deps.store.db, request.params.name);
      const rows = await deps.store.db
        .selectFrom('slo_events')
        .selectAll()
        .where('slo_id', '=', slo.id)
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return {
        items: rows.map((e) => ({ at: e.at.toISOString(), kind: e.kind, message: e.message, data: e.data })),
      };
    },
  });
  r.get('/api/v1/incidents/:id/budget-burn', {
    schema: {
      tags: ['slos', 'incidents'],
      summary:
        "How much of each affected SLO's budget the incident burned; above the SLO's share it requires a postmortem",
      params: z.object({ id: z.string() }),
      response: {
        200: z
          .object({
            incidentId: z.string(),
            requiresPostmortem: z.boolean(),
            slos: z.array(
              z.object({
                slo: z.string(),
                share: z.number(),
                bad: z.number(),
                allowed: z.number(),
                postmortemShare: z.number(),
                requiresPostmortem: z.boolean(),
              }),
            ),
          })
          .meta({ id: 'IncidentBudgetBurn' }),
        ...commonErrors,
      },
    },
    handler: async (request) =>
      incidentBudgetBurn({ ctx: contextFor(deps, request), input: { incidentId: request.params.id } }),
  });
}
