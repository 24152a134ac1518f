import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { mutate } from '../../services/context.js';
import { parseRouting, ROUTING_SETTING, type RoutingConfig } from '../../services/alerts/routing-config.js';
import { json } from '../../store/executor.js';
import { loadAlertingSettings, saveAlertingSettings } from '../../services/alerts/alerting-settings.js';
import { WEEKDAYS } from '../../domain/routing/index.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const routingBody = z.object({ route: z.unknown(), inhibit_rules: z.array(z.unknown()).optional() }).strict();

export function routingRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/routing', {
    schema: {
      tags: ['alerts'],
      summary: 'The notification routing tree (Alertmanager shape)',
      response: { 200: z.object({ configured: z.boolean(), routing: z.unknown() }), ...commonErrors },
    },
    handler: async () => {
      const row = await deps.store.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', ROUTING_SETTING)
        .executeTakeFirst();
      return { configured: Boolean(row), routing: row?.value ?? null };
    },
  });
  r.put('/api/v1/routing', {
    schema: {
      tags: ['alerts'],
      summary: 'Replace the routing tree; every problem is reported with its path',
      body: routingBody,
      response: { 200: z.object({ ok: z.literal(true) }), ...commonErrors },
    },
    handler: async (request) => {
      const ctx = contextFor(deps, request);
      const channels = await deps.store.db
        .selectFrom('channels')
        .select('name')
        .where('deleted_at', 'is', null)
        .execute();
      parseRouting(
        request.body as RoutingConfig,
        channels.map((c) => c.name),
      ); // throws VALIDATION_FAILED with paths
      await mutate(ctx, async (trx) => {
        const before = await trx
          .selectFrom('settings')
          .select('value')
          .where('key', '=', ROUTING_SETTING)
          .executeTakeFirst();
        await trx
          .insertInto('settings')
          .values({ key: ROUTING_SETTING, value: json(request.body) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(request.body) }))
          .execute();
        return {
          result: undefined,
          audit: {
            action: 'routing.update',
            targetType: 'routing',
            targetId: 'routing',
            summary: 'replaced the routing tree',
            before: before?.value ?? null,
            after: request.body,
          },
        };
      });
      return { ok: true as const };
    },
  });
  r.get('/api/v1/outbox', {
    schema: {
      tags: ['alerts'],
      summary: 'Notifications and their delivery state (status=dead lists the dead letters)',
      querystring: z.object({
        status: z.enum(['pending', 'sending', 'sent', 'dead']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              id: z.number(),
              channel: z.string(),
              status: z.string(),
              attempts: z.number(),
              lastError: z.string().nullable(),
              title: z.string(),
              createdAt: z.string(),
              sentAt: z.string().nullable(),
            }),
          ),
        }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      let q = deps.store.db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(request.query.limit);
      if (request.query.status) q = q.where('status', '=', request.query.status);
      return {
        items: (await q.execute()).map((o) => ({
          id: o.id,
          channel: o.channel_name,
          status: o.status,
          attempts: o.attempts,
          lastError: o.last_error,
          title: String(o.message.title ?? ''),
          createdAt: o.created_at.toISOString(),
          sentAt: o.sent_at ? o.sent_at.toISOString() : null,
        })),
      };
    },
  });
  const workingHours = z
    .object({
      days: z.array(z.enum(WEEKDAYS)).min(1),
      start: z.string().describe('09:00'),
      end: z.string().describe('17:30'),
      timeZone: z.string(),
    })
    .strict();
  const digest = z
    .object({
      channel: z.string().min(1),
      at: z.string().describe('Local time, 08:30'),
      timeZone: z.string(),
    })
    .strict();
  const settings = z.object({ workingHours: workingHours.nullable(), digest: digest.nullable() });
  r.get('/api/v1/alerting/settings', {
    schema: {
      tags: ['alerts'],
      summary: 'Working hours (when tickets are delivered) and the daily "Vigil is alive" digest',
      response: { 200: settings, ...commonErrors },
    },
    handler: async () => loadAlertingSettings(deps.store.db),
  });
  r.put('/api/v1/alerting/settings', {
    schema: {
      tags: ['alerts'],
      summary: 'Change working hours or the digest; null clears one, a missing key keeps it',
      body: z
        .object({ workingHours: workingHours.nullable().optional(), digest: digest.nullable().optional() })
        .strict(),
      response: { 200: settings, ...commonErrors },
    },
    handler: async (request) => saveAlertingSettings({ ctx: contextFor(deps, request), input: request.body }),
  });
}
