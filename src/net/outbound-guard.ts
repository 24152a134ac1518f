import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { type Cidr, cidrContains, blockedRangeOf, METADATA_RANGES, parseCidr, parseIp } from './ip-ranges.js';

/**
 * The guard every outbound notification passes through. A channel URL is typed by a user, so
 * without it Vigil would post to whatever that URL names: the cloud metadata service, the
 * database next door, an admin port on localhost. The guard:
 * - allows http and https only;
 * - resolves the host and refuses if ANY of its addresses is loopback, private, link-local,
 *   CGNAT, multicast, reserved or a cloud metadata endpoint, unless an admin allowed a CIDR
 *   holding it (`security.allowOutboundCidrs`);
 * - connects to the exact address it checked (the lookup is pinned: a second DNS answer cannot
 *   swap it, which defeats DNS rebinding), then checks the socket's remote address again;
 * - never follows a redirect by itself: a hop is followed only when asked, and re-checked.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has. Tests pass their own to script DNS answers. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Ranges an admin allowed; they override the built-in refusals. */
  allow: readonly Cidr[];
  resolve: HostResolver;
}

export type CheckResult = { ok: true } | { ok: false; reason: string };

const systemResolver: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Builds a policy from `security.allowOutboundCidrs`; throws naming the first malformed CIDR. */
export function outboundPolicy(options: { allowCidrs?: readonly string[]; resolve?: HostResolver } = {}) {
  const problems = invalidCidrs(options.allowCidrs ?? []);
  if (problems.length > 0) throw new Error(`not a CIDR range: ${problems.join(', ')}`);
  const allow = (options.allowCidrs ?? []).map((c) => parseCidr(c) as Cidr);
  return { allow, resolve: options.resolve ?? systemResolver } satisfies OutboundPolicy;
}

/** The entries of an allow list that are not CIDR ranges (for config validation). */
export function invalidCidrs(list: readonly string[]): string[] {
  return list.filter((c) => parseCidr(c) === undefined);
}

/** Host names that reach a metadata service whatever they resolve to. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

/** Why an address is refused ("a private address (10.0.0.0/8)"), or undefined when it may be reached. */
function refusalOf(address: string, policy: OutboundPolicy): string | undefined {
  const ip = parseIp(address);
  if (!ip) return 'not an IP address';
  const metadata = METADATA_RANGES.find((r) => cidrContains(r.cidr, ip));
  const allowed = policy.allow.some(
    (c) => cidrContains(c, ip) && (!metadata || c.prefix === (ip.family === 4 ? 32 : 128)),
  );
  if (allowed) return undefined;
  const blocked = metadata ?? blockedRangeOf(ip);
  return blocked ? `a ${blocked.label}` : undefined;
}

/** Judges one resolved address. Metadata addresses need an allowance naming them exactly. */
export function checkAddress(address: string, policy: OutboundPolicy): CheckResult {
  const refusal = refusalOf(address, policy);
  return refusal ? { ok: false, reason: `${address} is ${refusal}` } : { ok: true };
}

interface Target {
  url: URL;
  /** Host name without IPv6 brackets or a trailing dot. */
  hostname: string;
  /** The checked address the request is sent to. */
  address: string;
}

async function resolveTarget(raw: string | URL, policy: OutboundPolicy): Promise<Target | CheckResult> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      reason: `the ${url.protocol.replace(/:$/, '')} scheme is not allowed; use http or https`,
    };
  }
  const hostname = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (METADATA_HOSTS.has(hostname)) return { ok: false, reason: `${hostname} is a cloud metadata host` };
  if (parseIp(hostname)) {
    const verdict = checkAddress(hostname, policy);
    return verdict.ok ? { url, hostname, address: hostname } : verdict;
  }
  let answers: ResolvedAddress[];
  try {
    answers = await policy.resolve(hostname);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return {
      ok: false,
      reason: `${hostname} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  if (answers.length === 0) return { ok: false, reason: `${hostname} has no addresses` };
  for (const answer of answers) {
    const refusal = refusalOf(answer.address, policy);
    if (refusal) return { ok: false, reason: `${hostname} resolves to ${answer.address}, ${refusal}` };
  }
  return { url, hostname, address: (answers[0] as ResolvedAddress).address };
}

/** Save-time check of a channel URL: the reason names the host and the range, never the path. */
export async function checkUrl(url: string | URL, policy: OutboundPolicy): Promise<CheckResult> {
  const target = await resolveTarget(url, policy);
  return 'address' in target ? { ok: true } : target;
}

/**
 * Resolves and checks a bare host (an SMTP server): the address to connect to, or the reason
 * it is refused. Connecting to `address` (not the name) is what pins it.
 */
export async function resolveHost(
  host: string,
  policy: OutboundPolicy,
): Promise<{ ok: true; address: string } | { ok: false; reason: string }> {
  const literal = parseIp(host) ? `http://${host.includes(':') ? `[${host}]` : host}/` : `http://${host}/`;
  const target = await resolveTarget(literal, policy);
  if ('address' in target) return { ok: true, address: target.address };
  return { ok: false, reason: target.ok ? 'refused' : target.reason };
}

export interface GuardedRequest {
  method?: 'POST' | 'GET' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, redirects included; default 10 000 ms. */
  timeoutMs?: number;
  /** 307/308 hops to follow, each re-checked; default 0 (the 3xx is returned as it is). */
  maxRedirects?: number;
  /** Response bytes kept; the rest is discarded. Default 64 KiB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface GuardedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The address the request was sent to, as the socket reported it. */
  remoteAddress: string;
}

export type GuardedOutcome =
  | { ok: true; response: GuardedResponse }
  | { ok: false; kind: 'refused' | 'timeout' | 'network' | 'aborted'; reason: string; code?: string };

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
      res.on('data', (chunk: Buffer) => {
        if (kept < limit) chunks.push(chunk.subarray(0, limit - kept));
        kept += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = String(v);
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ ok: true, response: { status: res.statusCode ?? 0, headers: out, body, remoteAddress } });
      });
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

/**
 * Sends one request through the guard. Expected failures are values: `refused` (the guard said
 * no, with the reason), `timeout`, `network`, `aborted`. Reasons name hosts, never paths or
 * queries, because channel URLs carry tokens.
 */
export async function guardedFetch(
  url: string | URL,
  req: GuardedRequest,
  policy: OutboundPolicy,
): Promise<GuardedOutcome> {
  const deadline = Date.now() + (req.timeoutMs ?? 10_000);
  let current = url;
  let headers = req.headers;
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
    if (!(status === 307 || status === 308) || !location || hop >= (req.maxRedirects ?? 0)) return outcome;
    const next = new URL(location, target.url);
    if (next.origin !== target.url.origin && headers) {
      // Credentials set for one origin are not handed to another.
      headers = Object.fromEntries(
        Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())),
      );
    }
    current = next;
  }
}
