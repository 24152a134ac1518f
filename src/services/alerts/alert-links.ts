import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { SecretBox } from '../../store/secret-box.js';
import type { ServiceContext } from '../context.js';
import { acknowledgeAlert, resolveAlert } from './alert-actions.js';

/**
 * Signed, expiring one-click links in messages: acknowledge or resolve without logging in. The
 * token is the action, the alerts and an expiry, signed with an HMAC under a key derived from the
 * server's secret key. A GET only shows a confirmation page (chat apps fetch links to preview
 * them); the POST from that page acts, once: the link's nonce is kept until it expires.
 */
export type LinkAction = 'acknowledge' | 'resolve';

export interface AlertLinkClaims {
  action: LinkAction;
  /** Alert fingerprints the link acts on. */
  alerts: string[];
  expiresAt: Date;
  nonce: string;
}

const PURPOSE = 'alert-link';
/** Long enough for a page that fires on Friday night to be acknowledged from the message on Monday. */
export const LINK_TTL_MS = 72 * 3_600_000;
/** Beyond this many alerts a message carries no links (a URL must stay short enough for every channel). */
const MAX_LINK_ALERTS = 40;
const MAX_TOKEN = 2_400;

export function signAlertLink(secrets: SecretBox, claims: AlertLinkClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      x: claims.action,
      a: claims.alerts,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
      n: claims.nonce,
    }),
  ).toString('base64url');
  return `${body}.${secrets.mac(PURPOSE, body)}`;
}

/** The claims of a genuine, unexpired token; AppError LINK_INVALID or LINK_EXPIRED otherwise. */
export function verifyAlertLink(secrets: SecretBox, token: string, now: Date): AlertLinkClaims {
  const [body, mac, extra] = token.split('.');
  const invalid = new AppError('LINK_INVALID', 'this link is not one Vigil signed (or it was altered)');
  if (!body || !mac || extra !== undefined) throw invalid;
  const expected = Buffer.from(secrets.mac(PURPOSE, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
  const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    x: LinkAction;
    a: string[];
    e: number;
    n: string;
  };
  const claims = { action: raw.x, alerts: raw.a, expiresAt: new Date(raw.e * 1000), nonce: raw.n };
  if (claims.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('LINK_EXPIRED', `this link expired at ${claims.expiresAt.toISOString()}`);
  }
  return claims;
}

/** Acknowledge and resolve links for the firing alerts of a message, when Vigil has a public URL. */
export function alertActionLinks(
  secrets: SecretBox,
  publicUrl: string | undefined,
  fingerprints: string[],
  now: Date,
): { acknowledge?: string; resolve?: string } {
  if (!publicUrl || fingerprints.length === 0 || fingerprints.length > MAX_LINK_ALERTS) return {};
  const base = publicUrl.replace(/\/$/, '');
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  const out: { acknowledge?: string; resolve?: string } = {};
  for (const action of ['acknowledge', 'resolve'] as const) {
    const nonce = randomBytes(9).toString('base64url');
    const token = signAlertLink(secrets, { action, alerts: fingerprints, expiresAt, nonce });
    if (token.length > MAX_TOKEN) return {};
    out[action] = `${base}/api/v1/alert-links?token=${token}`;
  }
  return out;
}

/**
 * Acts on a link (the POST from the confirmation page). Alerts no longer firing are skipped; a
 * link is used once. The actor is recorded as the link, since nobody logged in.
 */
export async function actOnAlertLink({ ctx, input }: { ctx: ServiceContext; input: { token: string } }) {
  const now = ctx.clock.now();
  const claims = verifyAlertLink(ctx.secrets, input.token, now);
  const used = await ctx.store.db
    .insertInto('alert_link_uses')
    .values({
      nonce: claims.nonce,
      alert_id: claims.alerts[0] ?? '',
      action: claims.action,
      used_at: now,
      expires_at: claims.expiresAt,
    })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (!used) throw new AppError('CONFLICT', 'this link was used already');
  await ctx.store.db.deleteFrom('alert_link_uses').where('expires_at', '<', now).execute();
  const linkCtx: ServiceContext = {
    ...ctx,
    actor: { kind: 'system', id: 'signed-link', name: 'signed link', role: 'responder' },
  };
  const done: string[] = [];
  for (const fingerprint of claims.alerts) {
    const alert = await ctx.store.db
      .selectFrom('alerts')
      .select(['id', 'status', 'acknowledged_at'])
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst();
    if (!alert || alert.status !== 'firing') continue;
    if (claims.action === 'acknowledge') {
      if (alert.acknowledged_at) continue;
      await acknowledgeAlert({ ctx: linkCtx, input: { id: alert.id } });
    } else {
      await resolveAlert({ ctx: linkCtx, input: { id: alert.id } });
    }
    done.push(alert.id);
  }
  return { action: claims.action, alerts: done };
}

/** What a GET shows: what the link will do, without doing it. */
export async function describeAlertLink({ ctx, input }: { ctx: ServiceContext; input: { token: string } }) {
  const claims = verifyAlertLink(ctx.secrets, input.token, ctx.clock.now());
  const rows =
    claims.alerts.length === 0
      ? []
      : await ctx.store.db
          .selectFrom('alerts')
          .select(['title', 'status', 'acknowledged_at'])
          .where('fingerprint', 'in', claims.alerts)
          .execute();
  return { claims, alerts: rows };
}
