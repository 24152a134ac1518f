import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ACTION_ITEM_KINDS, ACTION_ITEM_STATUSES, isCalendarDay } from '../../domain/postmortem.js';
import {
  createActionItem,
  deleteActionItem,
  listActionItems,
  updateActionItem,
} from '../../services/postmortems/action-items.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

export const actionItemSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    kind: z.enum(ACTION_ITEM_KINDS),
    title: z.string(),
    owner: z.string().nullable(),
    dueOn: z.string().nullable().describe('YYYY-MM-DD'),
    status: z.enum(ACTION_ITEM_STATUSES),
    dropReason: z.string().nullable(),
    monitorId: z.string().nullable(),
    ticketUrl: z.string().nullable(),
    overdue: z.boolean().describe('Past its due day (UTC) and not done or dropped'),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'ActionItem' });

const day = z.string().refine(isCalendarDay, 'a calendar day as YYYY-MM-DD').describe('YYYY-MM-DD');
const ticketUrl = z.url({ protocol: /^https?$/ }).max(2_000);
const fields = {
  title: z.string().trim().min(1).max(500),
  owner: z.string().trim().min(1).max(200).nullable(),
  dueOn: day.nullable(),
  status: z.enum(ACTION_ITEM_STATUSES),
  dropReason: z.string().trim().max(2_000).nullable().describe('Required when status is dropped'),
  monitorId: z.string().max(100).nullable(),
  ticketUrl: ticketUrl.nullable(),
};

const itemOut = { 200: actionItemSchema, ...commonErrors };
const list = { 200: z.object({ items: z.array(actionItemSchema) }), ...commonErrors };

export function actionItemRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/incidents/:id/action-items', {
    config: { role: 'viewer' },
    schema: {
      tags: ['postmortems'],
      summary: "An incident's action items, soonest due first",
      params: z.object({ id: z.string().max(100) }),
      response: list,
    },
    handler: async (request) => ({
      items: await listActionItems({
        ctx: contextFor(deps, request),
        input: { incidentId: request.params.id },
      }),
    }),
  });
  r.post('/api/v1/incidents/:id/action-items', {
    config: { role: 'responder' },
    schema: {
      tags: ['postmortems'],
      summary: 'Add an action item (prevent, detect or mitigate) to an incident',
      params: z.object({ id: z.string().max(100) }),
      body: z.object({
        kind: z.enum(ACTION_ITEM_KINDS),
        title: fields.title,
        owner: fields.owner.optional(),
        dueOn: fields.dueOn.optional(),
        status: fields.status.optional(),
        dropReason: fields.dropReason.optional(),
        monitorId: fields.monitorId.optional(),
        ticketUrl: fields.ticketUrl.optional(),
      }),
      response: { 201: actionItemSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await createActionItem({
          ctx: contextFor(deps, request),
          input: { ...request.body, incidentId: request.params.id },
        }),
      ),
  });
  r.get('/api/v1/action-items', {
    config: { role: 'viewer' },
    schema: {
      tags: ['postmortems'],
      summary: 'Action items across incidents; overdue=true lists those past due and not closed',
      querystring: z.object({
        overdue: z.enum(['true', 'false']).optional(),
        status: z.enum(ACTION_ITEM_STATUSES).optional(),
        kind: z.enum(ACTION_ITEM_KINDS).optional(),
        owner: z.string().max(200).optional(),
        incidentId: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(500),
      }),
      response: list,
    },
    handler: async (request) => ({
      items: await listActionItems({
        ctx: contextFor(deps, request),
        input: { ...request.query, overdue: request.query.overdue === 'true' },
      }),
    }),
  });
  r.patch('/api/v1/action-items/:itemId', {
    config: { role: 'responder' },
    schema: {
      tags: ['postmortems'],
      summary: 'Change an action item; null clears owner, due day, monitor or ticket',
      params: z.object({ itemId: z.string().max(100) }),
      body: z.object({
        kind: z.enum(ACTION_ITEM_KINDS).optional(),
        title: fields.title.optional(),
        owner: fields.owner.optional(),
        dueOn: fields.dueOn.optional(),
        status: fields.status.optional(),
        dropReason: fields.dropReason.optional(),
        monitorId: fields.monitorId.optional(),
        ticketUrl: fields.ticketUrl.optional(),
      }),
      response: itemOut,
    },
    handler: async (request) =>
      updateActionItem({
        ctx: contextFor(deps, request),
        input: { ...request.body, id: request.params.itemId },
      }),
  });
  r.delete('/api/v1/action-items/:itemId', {
    config: { role: 'responder' },
    schema: {
      tags: ['postmortems'],
      summary: 'Delete an action item (to stop tracking one, drop it with a reason instead)',
      params: z.object({ itemId: z.string().max(100) }),
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteActionItem({ ctx: contextFor(deps, request), input: { id: request.params.itemId } });
      return reply.code(204).send(null);
    },
  });
}
