import type { MessageKind, NotificationMessage } from './message.js';
import type { DeliveryResult, Notifier, NotifierDeps, SendOptions } from './notifier.js';
import { DEFAULT_TIMEOUT_MS } from './notifier.js';
import { testMessage } from './message.js';
import { guardedFetch } from './ssrf-guard.js';

/**
 * Shared by the HTTP channels: one guarded POST, its outcome folded into a `DeliveryResult`
 * with Vigil's retry rules, and every error text scrubbed of the channel's secrets.
 */

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; undefined if unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** 408, 429 and 5xx may succeed later; any other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Replaces secret values (and their URL-encoded forms) and URL paths with placeholders. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)]))
      out = out.split(form).join('[redacted]');
  }
  // Any URL left keeps its origin only: paths and queries are where tokens live.
  return out.replace(/(https?:\/\/[^/\s?#"']+)[^\s"']*/gi, '$1/…');
}

export interface PostInput {
  /** "Slack", "Microsoft Teams" …: the start of every error text. */
  service: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  deps: NotifierDeps;
  timeoutMs?: number | undefined;
  secrets: readonly (string | undefined)[];
  signal?: AbortSignal | undefined;
  /** 307/308 hops to follow, each re-checked by the guard; default 0. */
  maxRedirects?: number;
  /** Protocol headers (not credentials) that may follow a redirect to another origin. */
  keepAcrossOrigins?: readonly string[];
  /** Reads a failing answer's body into a short reason (Slack's `invalid_token`, PagerDuty's errors). */
  explain?: (body: string) => string | undefined;
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

export async function postJson(input: PostInput): Promise<DeliveryResult> {
  const timeoutMs = input.timeoutMs ?? input.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outcome = await guardedFetch(
    input.url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigil', ...input.headers },
      body: input.body,
      timeoutMs,
      maxRedirects: input.maxRedirects ?? 0,
      ...(input.keepAcrossOrigins ? { keepAcrossOrigins: input.keepAcrossOrigins } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    },
    input.deps.policy,
  );
  const fail = (r: Omit<Extract<DeliveryResult, { ok: false }>, 'ok'>): DeliveryResult => ({
    ok: false,
    ...r,
    error: scrubSecrets(`${input.service}: ${r.error}`, input.secrets),
  });
  if (!outcome.ok) {
    switch (outcome.kind) {
      case 'refused':
        return fail({ retryable: false, code: 'refused', error: `address refused: ${outcome.reason}` });
      case 'timeout':
        return fail({ retryable: true, code: 'timeout', error: `no answer within ${timeoutMs} ms` });
      case 'aborted':
        return fail({ retryable: true, code: 'aborted', error: 'delivery aborted' });
      case 'network':
        return fail({ retryable: true, code: 'network', error: outcome.reason });
    }
  }
  const { status, headers, body } = outcome.response;
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) {
    let host = 'an unknown location';
    try {
      if (headers.location) host = new URL(headers.location, input.url).host;
    } catch {}
    const error = `answered HTTP ${status}, a redirect to ${host}; redirects are not followed, update the URL`;
    return fail({ retryable: false, status, code: 'redirect', error });
  }
  const reason = input.explain?.(body) ?? snippet(body);
  const error = `answered HTTP ${status}${reason ? `: ${reason}` : ''}`;
  if (!isRetryableStatus(status)) return fail({ retryable: false, status, code: 'http', error });
  const retryAfterMs = parseRetryAfter(headers['retry-after'], input.deps.clock.now());
  return fail({
    retryable: true,
    status,
    code: 'http',
    error,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/**
 * Builds a Notifier from a channel's send function: `supports`, `sendTest` and the refusal of
 * kinds it cannot carry are the same everywhere.
 */
export function makeNotifier(input: {
  kind: string;
  deps: NotifierDeps;
  channelName?: string | undefined;
  unsupported?: readonly MessageKind[];
  send: (message: NotificationMessage, options: SendOptions) => Promise<DeliveryResult>;
}): Notifier {
  const supports = (kind: MessageKind) => !(input.unsupported ?? []).includes(kind);
  const send = async (message: NotificationMessage, options: SendOptions = {}): Promise<DeliveryResult> => {
    if (!supports(message.kind)) {
      const error = `${input.kind} channels do not carry ${message.kind} messages`;
      return { ok: false, retryable: false, code: 'unsupported', error };
    }
    try {
      return await input.send(message, options);
    } catch (err) {
      // The port promises a value; a bug must not crash the dispatcher or leak a secret-bearing message.
      const name = err instanceof Error ? err.name : 'Error';
      return { ok: false, retryable: false, error: `${input.kind}: unexpected ${name} while sending` };
    }
  };
  return {
    kind: input.kind,
    supports,
    send,
    sendTest: (options = {}) =>
      send(
        testMessage({
          now: input.deps.clock.now(),
          ...(input.channelName ? { channelName: input.channelName } : {}),
          ...(input.deps.publicUrl ? { publicUrl: input.deps.publicUrl } : {}),
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        }),
        options,
      ),
  };
}
