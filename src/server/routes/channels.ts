import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { CHANNEL_KINDS } from '../../notify/index.js';
import { createChannel, deleteChannel, listChannels, testChannel } from '../../services/channels.js';
import { templateVariables, updateChannelTemplates } from '../../services/alerts/channel-templates.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const channelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    description: z.string(),
    config: z.record(z.string(), z.unknown()),
    secretFields: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Channel' });

const idParams = z.object({ id: z.string() });

export function channelRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  const notify = () => {
    if (!deps.notify) throw new AppError('INTERNAL', 'this server has no outbound policy');
    return deps.notify;
  };
  r.get('/api/v1/channels', {
    schema: {
      tags: ['channels'],
      summary: 'Notification channels (secret fields never shown)',
      response: { 200: z.object({ items: z.array(channelSchema) }), ...commonErrors },
    },
    handler: async (request) => ({ items: await listChannels({ ctx: contextFor(deps, request) }) }),
  });
  r.post('/api/v1/channels', {
    schema: {
      tags: ['channels'],
      summary: 'Add a channel: Slack, Teams, email, webhook or PagerDuty; outbound URLs pass the SSRF guard',
      body: z
        .object({
          name: z
            .string()
            .min(1)
            .max(100)
            .regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, _ . - only'),
          kind: z.enum(CHANNEL_KINDS),
          description: z.string().max(2000).optional(),
          config: z
            .record(z.string(), z.unknown())
            .describe("The kind's fields, secrets included (stored sealed)"),
        })
        .strict(),
      response: { 201: channelSchema, ...commonErrors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(
          await createChannel({ ctx: contextFor(deps, request), input: { ...request.body, deps: notify() } }),
        ),
  });
  r.delete('/api/v1/channels/:id', {
    schema: {
      tags: ['channels'],
      summary: 'Move a channel to the trash',
      params: idParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteChannel({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
  r.post('/api/v1/channels/:id/test', {
    schema: {
      tags: ['channels'],
      summary: 'Send a test message through the channel now',
      params: idParams,
      response: {
        200: z.object({ ok: z.boolean(), status: z.number().optional(), error: z.string().optional() }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const res = await testChannel({
        ctx: contextFor(deps, request),
        input: { id: request.params.id, deps: notify() },
      });
      return res.ok
        ? { ok: true, status: res.status }
        : { ok: false, ...(res.status ? { status: res.status } : {}), error: res.error };
    },
  });
  r.get('/api/v1/templates/variables', {
    schema: {
      tags: ['channels'],
      summary: 'The fixed set of variables message templates may use',
      response: {
        200: z.object({ items: z.array(z.object({ name: z.string(), describe: z.string() })) }),
        ...commonErrors,
      },
    },
    handler: async () => ({ items: [...templateVariables()] }),
  });
  r.put('/api/v1/channels/:id/templates', {
    schema: {
      tags: ['channels'],
      summary: 'Edit the message templates ({{variable}} places); an unknown variable is refused by name',
      params: idParams,
      body: z
        .object({
          title: z.string().max(4000).nullable().optional().describe('Headline; null restores the default'),
          text: z
            .string()
            .max(4000)
            .nullable()
            .optional()
            .describe('Body paragraph; null restores the default'),
        })
        .strict(),
      response: {
        200: z.object({
          channel: z.string(),
          templates: z.object({ title: z.string().optional(), text: z.string().optional() }),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) =>
      updateChannelTemplates({
        ctx: contextFor(deps, request),
        input: { id: request.params.id, ...request.body },
      }),
  });
}
