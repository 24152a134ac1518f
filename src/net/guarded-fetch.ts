import http from 'node:http';
import https from 'node:https';
import { type OutboundPolicy, refusalOf, resolveTarget, type Target } from './outbound-guard.js';
import { parseIp } from './ip-ranges.js';

/**
 * Sends HTTP requests through the outbound guard (outbound-guard.ts): each hop is resolved,
 * checked and pinned to the checked address, and redirects are followed here, never by a library,
 * so every hop is judged again and credentials stay with the origin they were configured for.
 */

export interface GuardedRequest {
  method?: 'POST' | 'GET' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, redirects included; default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Redirect hops to follow, each re-checked; default 0 (the 3xx is returned as it is). 307 and
   * 308 are followed with the same method and body; 301, 302 and 303 only for a GET.
   */
  maxRedirects?: number;
  /**
   * Headers that are not credentials and may follow a redirect to another origin (protocol
   * headers such as an idempotency key). Every other header the caller set, and the URL's
   * user:password, is dropped there: a header a user configured may hold a secret under any name.
   */
  keepAcrossOrigins?: readonly string[];
  /** The body holds credentials (a sign-in): a redirect to another origin is refused, not resent. */
  bodyIsSecret?: boolean;
  /** Response bytes kept; the rest is discarded (`truncated` says so). Default 64 KiB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface GuardedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The address the request was sent to, as the socket reported it. */
  remoteAddress: string;
  /** The body was longer than `maxResponseBytes` and was cut there. */
  truncated?: boolean;
}

export type GuardedOutcome =
  | { ok: true; response: GuardedResponse }
  | { ok: false; kind: 'refused' | 'timeout' | 'network' | 'aborted'; reason: string; code?: string };

/** Headers that never carry credentials; they follow any redirect. */
const NEUTRAL_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'user-agent',
]);

class Refused extends Error {}

function once(target: Target, req: GuardedRequest, deadline: number, policy: OutboundPolicy) {
  return new Promise<GuardedOutcome>((resolve) => {
    const isHttps = target.url.protocol === 'https:';
    const headers: Record<string, string> = { ...req.headers, host: target.url.host };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    if (target.url.username) {
      const user = decodeURIComponent(target.url.username);
      headers.authorization = `Basic ${Buffer.from(`${user}:${decodeURIComponent(target.url.password)}`).toString('base64')}`;
    }
    const options: https.RequestOptions = {
      method: req.method ?? 'POST',
      host: target.address,
      port: target.url.port || (isHttps ? 443 : 80),
      path: `${target.url.pathname}${target.url.search}`,
      headers,
      agent: false,
      // TLS verifies the certificate against the name, though the socket goes to the checked address.
      ...(isHttps && !parseIp(target.hostname) ? { servername: target.hostname } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    };
    const request = (isHttps ? https : http).request(options);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        request.destroy(Object.assign(new Error('timed out'), { code: 'VIGIL_TIMEOUT' }));
      },
      Math.max(deadline - Date.now(), 1),
    );
    let remoteAddress = target.address;
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        remoteAddress = socket.remoteAddress ?? target.address;
        const refusal = refusalOf(remoteAddress, policy);
        if (refusal) request.destroy(new Refused(`connected to ${remoteAddress}, ${refusal}`));
      });
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const limit = req.maxResponseBytes ?? 65_536;
      const settle = (truncated: boolean) => {
        clearTimeout(timer);
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = String(v);
        const body = Buffer.concat(chunks).toString('utf8');
        const response = { status: res.statusCode ?? 0, headers: out, body, remoteAddress };
        resolve({ ok: true, response: truncated ? { ...response, truncated } : response });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk.subarray(0, limit - kept));
        kept += chunk.length;
        // Past the limit nothing more is wanted: stop reading instead of draining a huge answer.
        if (kept > limit) {
          settle(true);
          res.destroy();
        }
      });
      res.on('end', () => settle(false));
      res.on('error', () => undefined);
      // A body cut off (peer gone, or our timer fired) never reaches 'end'; settle here instead.
      res.on('close', () => {
        clearTimeout(timer);
        if (res.complete) return;
        if (timedOut) resolve({ ok: false, kind: 'timeout', reason: 'timed out' });
        else
          resolve({
            ok: false,
            kind: 'network',
            code: 'ECONNRESET',
            reason: `response from ${target.hostname} cut off`,
          });
      });
    });
    request.on('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      if (err instanceof Refused) resolve({ ok: false, kind: 'refused', reason: err.message });
      else if (err.code === 'VIGIL_TIMEOUT') resolve({ ok: false, kind: 'timeout', reason: 'timed out' });
      else if (err.name === 'AbortError') resolve({ ok: false, kind: 'aborted', reason: 'aborted' });
      else {
        const code = err.code ?? 'ERROR';
        resolve({ ok: false, kind: 'network', code, reason: `${code} connecting to ${target.hostname}` });
      }
    });
    request.end(req.body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether a hop is followed: 307/308 keep method and body; 301/302/303 are followed for a GET only. */
function follows(status: number, req: GuardedRequest): boolean {
  if (status === 307 || status === 308) return true;
  return REDIRECTS.has(status) && (req.method ?? 'POST') === 'GET';
}

/** The headers that may go to another origin: neutral ones and those the caller named. */
function crossOriginHeaders(
  headers: Record<string, string>,
  keep: readonly string[],
): Record<string, string> {
  const kept = new Set([...NEUTRAL_HEADERS, ...keep.map((k) => k.toLowerCase())]);
  return Object.fromEntries(Object.entries(headers).filter(([k]) => kept.has(k.toLowerCase())));
}

/**
 * Sends one request through the guard. Expected failures are values: `refused` (the guard said
 * no, with the reason), `timeout`, `network`, `aborted`. Reasons name hosts, never paths or
 * queries, because URLs carry tokens.
 */
export async function guardedFetch(
  url: string | URL,
  req: GuardedRequest,
  policy: OutboundPolicy,
): Promise<GuardedOutcome> {
  const deadline = Date.now() + (req.timeoutMs ?? 10_000);
  let current: string | URL = url;
  let headers = req.headers ?? {};
  for (let hop = 0; ; hop++) {
    const target = await resolveTarget(current, policy);
    if (!('address' in target)) {
      const prefix = hop > 0 ? 'redirect refused: ' : '';
      return { ok: false, kind: 'refused', reason: `${prefix}${target.ok ? '' : target.reason}` };
    }
    if (Date.now() >= deadline) return { ok: false, kind: 'timeout', reason: 'timed out' };
    const outcome = await once(target, { ...req, headers }, deadline, policy);
    if (!outcome.ok) return outcome;
    const { status, headers: resHeaders } = outcome.response;
    const location = resHeaders.location;
    if (!location || !follows(status, req) || hop >= (req.maxRedirects ?? 0)) return outcome;
    let next: URL;
    try {
      next = new URL(location, target.url);
    } catch {
      return { ok: false, kind: 'refused', reason: 'redirect refused: the Location is not a valid URL' };
    }
    if (next.origin !== target.url.origin) {
      if (req.bodyIsSecret) {
        return {
          ok: false,
          kind: 'refused',
          reason: `redirect refused: credentials are not sent from ${target.url.host} to ${next.host}`,
        };
      }
      // Credentials set for one origin are not handed to another, whatever the header is called.
      headers = crossOriginHeaders(headers, req.keepAcrossOrigins ?? []);
      next.username = '';
      next.password = '';
    }
    current = next;
  }
}
