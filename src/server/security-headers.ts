import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer (the UI, its files, the status and alert-link pages, the API,
 * errors), by @fastify/helmet. Registered before the auth hook, so a 401 carries them too.
 *
 * The policy allows what the built UI needs and nothing more: scripts, styles, images, fonts and
 * API calls from Vigil's own origin; no inline script (web/index.html loads its theme boot script
 * as a file), no eval, no plug-ins, no framing. Inline styles stay allowed: the server-rendered
 * status and alert-link pages carry a small <style>, and React sets style attributes.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrcAttr: ["'none'"],
        // No upgrade-insecure-requests: Vigil is often reached over plain HTTP on a private
        // network, where upgrading its own requests to HTTPS would break the UI.
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS belongs to whatever terminates TLS in front of Vigil; sent over plain HTTP it is ignored,
    // and a year-long pin set by an application server surprises whoever runs the domain.
    strictTransportSecurity: false,
  });
}
