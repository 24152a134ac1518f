import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { actOnAlertLink, describeAlertLink } from '../../services/alerts/alert-links.js';
import type { ServiceContext } from '../../services/context.js';
import type { ServerDeps } from '../deps.js';
import { typed } from '../route-schema.js';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>${esc(title)} · Vigil</title><style>body{font:16px system-ui;max-width:36rem;margin:3rem auto;padding:0 1rem}` +
        `button{font:inherit;padding:.5rem 1.2rem}</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`,
    );
}

// In the query, not the path: a signed token is longer than a path parameter may be.
const querystring = z.object({ token: z.string().min(10).max(4000) });

/**
 * One-click acknowledge / resolve from a message. Public: the signed token is the credential.
 * GET never acts — chat apps and mail scanners fetch links — it shows a page whose button POSTs.
 */
export function alertLinkRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const ctxOf = (requestId: string): ServiceContext => ({
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    secrets: deps.secrets,
    actor: SYSTEM_ACTOR,
    requestId,
  });
  const failure = (reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError)
      return page(reply, error.status, 'This link cannot be used', `<p>${esc(error.message)}.</p>`);
    throw error;
  };
  app.register(async (scope) => {
    // The confirmation form posts an empty urlencoded body; nothing in it is read.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, _b, done) =>
      done(null, {}),
    );
    const r = typed(scope);
    r.get('/api/v1/alert-links', {
      config: { public: true },
      schema: {
        tags: ['alerts'],
        summary: 'Confirmation page of a signed acknowledge / resolve link',
        querystring,
      },
      handler: async (request, reply) => {
        try {
          const { claims, alerts } = await describeAlertLink({
            ctx: ctxOf(request.id),
            input: request.query,
          });
          const verb = claims.action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
          const list = alerts
            .map(
              (a) =>
                `<li>${esc(a.title)} — ${esc(a.acknowledged_at && a.status === 'firing' ? 'acknowledged' : a.status)}</li>`,
            )
            .join('');
          return page(
            reply,
            200,
            `${verb} ${alerts.length === 1 ? 'this alert' : `${alerts.length} alerts`}?`,
            `<ul>${list}</ul><form method="post"><button type="submit">${verb}</button></form>` +
              `<p><small>The link works until ${esc(claims.expiresAt.toISOString())}, once.</small></p>`,
          );
        } catch (error) {
          return failure(reply, error);
        }
      },
    });
    r.post('/api/v1/alert-links', {
      config: { public: true },
      schema: { tags: ['alerts'], summary: 'Act on a signed acknowledge / resolve link', querystring },
      handler: async (request, reply) => {
        try {
          const done = await actOnAlertLink({ ctx: ctxOf(request.id), input: request.query });
          const verb = done.action === 'acknowledge' ? 'Acknowledged' : 'Resolved';
          return page(
            reply,
            200,
            done.alerts.length > 0 ? `${verb} ${done.alerts.length} alert(s)` : 'Nothing left to do',
            done.alerts.length > 0
              ? '<p>Done. Vigil has recorded it; you can close this page.</p>'
              : '<p>These alerts were already acknowledged or resolved.</p>',
          );
        } catch (error) {
          return failure(reply, error);
        }
      },
    });
  });
}
