import { lookup } from 'node:dns/promises';
import { type Cidr, cidrContains, blockedRangeOf, METADATA_RANGES, parseCidr, parseIp } from './ip-ranges.js';

/**
 * The guard every outbound request passes through: notification channels, the Airflow and
 * Prometheus sources, anything else Vigil fetches. A URL is typed by a user, so without it Vigil
 * would send requests (and the credentials configured for them) to whatever that URL names: the
 * cloud metadata service, the database next door, an admin port on localhost. The guard:
 * - allows http and https only;
 * - resolves the host and refuses if ANY of its addresses is loopback, private, link-local,
 *   CGNAT, multicast, reserved or a cloud metadata endpoint, unless an admin allowed a CIDR
 *   holding it (`security.allowOutboundCidrs`);
 * - connects to the exact address it checked (the lookup is pinned: a second DNS answer cannot
 *   swap it, which defeats DNS rebinding), then checks the socket's remote address again;
 * - never follows a redirect by itself: a hop is followed only when asked, and re-checked
 *   (guarded-fetch.ts sends the requests).
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
export function refusalOf(address: string, policy: OutboundPolicy): string | undefined {
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

export interface Target {
  url: URL;
  /** Host name without IPv6 brackets or a trailing dot. */
  hostname: string;
  /** The checked address the request is sent to. */
  address: string;
}

/** The URL's parts the guard judges, or why it cannot be sent at all. */
function parseTarget(raw: string | URL): { url: URL; hostname: string } | { ok: false; reason: string } {
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
  return { url, hostname };
}

/** What is known before DNS: a refusal, the target of an IP literal, or undefined for a name. */
function judgeLiteral(
  parsed: { url: URL; hostname: string },
  policy: OutboundPolicy,
): Target | { ok: false; reason: string } | undefined {
  const { url, hostname } = parsed;
  if (METADATA_HOSTS.has(hostname)) return { ok: false, reason: `${hostname} is a cloud metadata host` };
  if (!parseIp(hostname)) return undefined;
  const verdict = checkAddress(hostname, policy);
  return verdict.ok ? { url, hostname, address: hostname } : verdict;
}

/**
 * The check that needs no DNS (for synchronous config validation): the scheme, metadata host
 * names and IP literals. A host name passes here and is judged by its addresses when it is used.
 */
export function checkUrlLiteral(raw: string | URL, policy: OutboundPolicy): CheckResult {
  const parsed = parseTarget(raw);
  if (!('url' in parsed)) return parsed;
  const verdict = judgeLiteral(parsed, policy);
  return verdict && !('address' in verdict) ? verdict : { ok: true };
}

export async function resolveTarget(
  raw: string | URL,
  policy: OutboundPolicy,
): Promise<Target | CheckResult> {
  const parsed = parseTarget(raw);
  if (!('url' in parsed)) return parsed;
  const literal = judgeLiteral(parsed, policy);
  if (literal) return literal;
  const { url, hostname } = parsed;
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
