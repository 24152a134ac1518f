import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { checkSilence, describeMatcherError, parseMatchers } from '../../domain/routing/index.js';
import { mutate } from '../../services/context.js';
import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const silenceSchema = z
  .object({
    id: z.string(),
    matchers: z.array(z.string()),
    startsAt: z.string(),
    endsAt: z.string(),
    createdBy: z.string(),
    comment: z.string(),
    state: z.enum(['pending', 'active', 'expired']),
  })
  .meta({ id: 'Silence' });

export function silenceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/silences', {
    schema: {
      tags: ['alerts'],
      summary: 'Silences, newest first',
      response: { 200: z.object({ items: z.array(silenceSchema) }), ...commonErrors },
    },
    handler: async () => {
      const now = deps.clock.now();
      const rows = await deps.store.db
        .selectFrom('silences')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute();
      return {
        items: rows.map((s) => ({
          id: s.id,
          matchers: s.matchers,
          startsAt: s.starts_at.toISOString(),
          endsAt: s.ends_at.toISOString(),
          createdBy: s.created_by,
          comment: s.comment,
          state:
            s.ends_at <= now
              ? ('expired' as const)
              : s.starts_at > now
                ? ('pending' as const)
                : ('active' as const),
        })),
      };
    },
  });
  r.post('/api/v1/silences', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'Silence alerts that match: new notifications are held, resolutions still go out',
      body: z
        .object({
          matchers: z
            .array(z.string().min(1))
            .min(1)
            .describe('Alertmanager syntax, e.g. asset="shop.orders"'),
          startsAt: z.iso.datetime({ offset: true }).optional(),
          endsAt: z.iso.datetime({ offset: true }),
          comment: z.string().min(1).max(2000),
        })
        .strict(),
      response: { 201: z.object({ id: z.string() }), ...commonErrors },
    },
    handler: async (request, reply) => {
      const ctx = contextFor(deps, request);
      const b = request.body;
      const details = b.matchers.flatMap((m, i) => {
        const parsed = parseMatchers(m);
        return parsed.ok
          ? []
          : [{ path: `body.matchers[${i}]`, message: describeMatcherError(parsed.error) }];
      });
      const startsAt = b.startsAt ? new Date(b.startsAt) : ctx.clock.now();
      const endsAt = new Date(b.endsAt);
      if (endsAt <= startsAt) details.push({ path: 'body.endsAt', message: 'must be after startsAt' });
      if (details.length === 0) {
        // The one rule for silences (docs/routing.md), as maintenance windows and the UI apply it:
        // a silence that matches an alert with no labels would hold back everything.
        const matchers = b.matchers.flatMap((m) => {
          const parsed = parseMatchers(m);
          return parsed.ok ? parsed.matchers : [];
        });
        for (const d of checkSilence({
          id: 'new',
          kind: 'silence',
          matchers,
          startsAt,
          endsAt,
          createdBy: ctx.actor.name,
          comment: b.comment,
        }))
          details.push({ path: `body.${d.path}`, message: d.message });
      }
      if (details.length)
        throw new AppError(
          'VALIDATION_FAILED',
          `invalid silence: ${details.map((d) => d.path).join(', ')}`,
          details,
        );
      const id = newId('sil', startsAt.getTime());
      await mutate(ctx, async (trx) => {
        await trx
          .insertInto('silences')
          .values({
            id,
            matchers: json(b.matchers),
            starts_at: startsAt,
            ends_at: endsAt,
            created_by: ctx.actor.name,
            comment: b.comment,
            created_at: ctx.clock.now(),
          })
          .execute();
        // Groups are looked at again so a silence takes effect (and lifts) without waiting.
        await trx.updateTable('notification_groups').set({ next_check_at: ctx.clock.now() }).execute();
        return {
          result: undefined,
          audit: {
            action: 'silence.create',
            targetType: 'silence',
            targetId: id,
            summary: `silenced ${b.matchers.join(', ')} until ${endsAt.toISOString()}: ${b.comment}`,
          },
        };
      });
      return reply.status(201).send({ id });
    },
  });
  r.delete('/api/v1/silences/:id', {
    config: { role: 'responder' },
    schema: {
      tags: ['alerts'],
      summary: 'Expire a silence now',
      params: z.object({ id: z.string() }),
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      const ctx = contextFor(deps, request);
      await mutate(ctx, async (trx) => {
        const res = await trx
          .updateTable('silences')
          .set({ ends_at: ctx.clock.now() })
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0)
          throw new AppError('NOT_FOUND', `silence ${request.params.id} not found`);
        await trx.updateTable('notification_groups').set({ next_check_at: ctx.clock.now() }).execute();
        return {
          result: undefined,
          audit: {
            action: 'silence.expire',
            targetType: 'silence',
            targetId: request.params.id,
            summary: 'expired a silence',
          },
        };
      });
      return reply.status(204).send(null);
    },
  });
}
