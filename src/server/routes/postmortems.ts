import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { POSTMORTEM_STATUSES, SECTION_GENERATORS } from '../../domain/postmortem.js';
import { draftPostmortem } from '../../services/postmortems/draft-postmortem.js';
import { completePostmortem, editPostmortem } from '../../services/postmortems/edit-postmortem.js';
import { exportPostmortemMarkdown } from '../../services/postmortems/export-postmortem.js';
import { listPostmortems } from '../../services/postmortems/list-postmortems.js';
import { postmortemView } from '../../services/postmortems/postmortem-records.js';
import {
  getPostmortemTemplate,
  setPostmortemTemplate,
} from '../../services/postmortems/postmortem-template.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';
import { actionItemSchema } from './action-items.js';

const sectionSchema = z
  .object({
    key: z.string(),
    heading: z.string(),
    body: z.string().describe('Markdown'),
    generator: z.string().describe('What drafted the section; the action-item table follows `action_items`'),
  })
  .meta({ id: 'PostmortemSection' });

export const postmortemSchema = z
  .object({
    incidentId: z.string(),
    title: z.string(),
    status: z.enum(POSTMORTEM_STATUSES),
    version: z.number().describe('Send it back on PATCH: a stale version is refused with CONFLICT'),
    sections: z.array(sectionSchema),
    actionItems: z.array(actionItemSchema),
    complete: z.boolean(),
    readyToComplete: z
      .boolean()
      .describe('Published, and every action item is done or dropped with a reason'),
    draftedBy: z.string(),
    draftedAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    completedBy: z.string().nullable(),
  })
  .meta({ id: 'Postmortem' });

const templateSection = z.object({
  key: z.string().max(40).describe('lower-case letters, digits and _; unique'),
  heading: z.string().max(200),
  generator: z.enum(SECTION_GENERATORS).describe('What drafts the section; blank uses the placeholder'),
  placeholder: z.string().max(5_000).optional(),
});
const templateSchema = z
  .object({ sections: z.array(templateSection), custom: z.boolean() })
  .meta({ id: 'PostmortemTemplate' });

const idParams = z.object({ id: z.string().max(100) });
const pmOut = { 200: postmortemSchema, ...commonErrors };

export function postmortemRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.post('/api/v1/incidents/:id/postmortem', {
    config: { role: 'responder' },
    schema: {
      tags: ['postmortems'],
      summary: 'Draft the blameless postmortem of an incident from its record and timeline',
      params: idParams,
      body: z.object({ title: z.string().trim().min(1).max(500).optional() }).default({}),
      response: { 201: postmortemSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await draftPostmortem({
          ctx: contextFor(deps, request),
          input: { incidentId: request.params.id, title: request.body.title },
        }),
      ),
  });
  r.get('/api/v1/incidents/:id/postmortem', {
    config: { role: 'viewer' },
    schema: { tags: ['postmortems'], summary: "An incident's postmortem", params: idParams, response: pmOut },
    handler: async (request) => postmortemView(deps.store.db, request.params.id, deps.clock.now()),
  });
  r.patch('/api/v1/incidents/:id/postmortem', {
    config: { role: 'responder' },
    schema: {
      tags: ['postmortems'],
      summary: 'Edit sections (by key) and title, or move the status: draft → in_review → published',
      params: idParams,
      body: z.object({
        version: z.number().int().positive().optional(),
        title: z.string().trim().min(1).max(500).optional(),
        sections: z
          .array(
            z.object({
              key: z.string().max(40),
              body: z.string().max(100_000).optional(),
              heading: z.string().trim().min(1).max(200).optional(),
            }),
          )
          .max(40)
          .optional(),
        status: z.enum(POSTMORTEM_STATUSES).optional(),
      }),
      response: pmOut,
    },
    handler: async (request) =>
      editPostmortem({
        ctx: contextFor(deps, request),
        input: { ...request.body, incidentId: request.params.id },
      }),
  });
  r.post('/api/v1/incidents/:id/postmortem/complete', {
    config: { role: 'responder' },
    schema: {
      tags: ['postmortems'],
      summary: 'Mark a published postmortem complete (every action item done or dropped with a reason)',
      params: idParams,
      response: pmOut,
    },
    handler: async (request) =>
      completePostmortem({ ctx: contextFor(deps, request), input: { incidentId: request.params.id } }),
  });
  r.get('/api/v1/incidents/:id/postmortem.md', {
    config: { role: 'viewer' },
    schema: {
      tags: ['postmortems'],
      summary: 'The postmortem as one Markdown document (text/markdown)',
      params: idParams,
      response: { 200: z.string().describe('text/markdown'), ...commonErrors },
    },
    handler: async (request, reply) => {
      const md = await exportPostmortemMarkdown({
        ctx: contextFor(deps, request),
        input: { incidentId: request.params.id },
      });
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `inline; filename="postmortem-${request.params.id}.md"`)
        .send(md);
    },
  });
  r.get('/api/v1/postmortems', {
    config: { role: 'viewer' },
    schema: {
      tags: ['postmortems'],
      summary: 'Postmortems, most recently changed first',
      querystring: z.object({
        status: z.enum(POSTMORTEM_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              incidentId: z.string(),
              incidentTitle: z.string(),
              severity: z.string(),
              title: z.string(),
              status: z.string(),
              complete: z.boolean(),
              actionItems: z.number(),
              openActionItems: z.number(),
              updatedAt: z.string(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => ({
      items: await listPostmortems({ ctx: contextFor(deps, request), input: request.query }),
    }),
  });
  r.get('/api/v1/postmortem-template', {
    config: { role: 'viewer' },
    schema: {
      tags: ['postmortems'],
      summary: 'The template new postmortems are drafted from (custom: false is the built-in one)',
      response: { 200: templateSchema, ...commonErrors },
    },
    handler: async (request) => getPostmortemTemplate({ ctx: contextFor(deps, request) }),
  });
  r.put('/api/v1/postmortem-template', {
    config: { role: 'admin' },
    schema: {
      tags: ['postmortems'],
      summary: 'Replace the template: sections with keys, headings and generators; each problem is reported',
      body: z.object({ sections: z.array(templateSection).max(100) }),
      response: { 200: templateSchema, ...commonErrors },
    },
    handler: async (request) =>
      setPostmortemTemplate({ ctx: contextFor(deps, request), input: { template: request.body } }),
  });
  r.delete('/api/v1/postmortem-template', {
    config: { role: 'admin' },
    schema: {
      tags: ['postmortems'],
      summary: 'Go back to the built-in template',
      response: { 200: templateSchema, ...commonErrors },
    },
    handler: async (request) =>
      setPostmortemTemplate({ ctx: contextFor(deps, request), input: { template: null } }),
  });
}
