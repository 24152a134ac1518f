import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP addresses as numbers, and CIDR ranges over them. An IPv4-mapped IPv6 address (::ffff:a.b.c.d)
 * is folded to its IPv4 form first, so `::ffff:127.0.0.1` is judged as the loopback address it is.
 */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  /** As written, for reasons shown to users. */
  text: string;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(text: string): bigint {
  let body = text.toLowerCase().replace(/%.*$/, '');
  // A dotted-quad tail (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted?.[1]) {
    const v4 = parseV4(dotted[1]);
    body = `${body.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = body.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(zeros).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(Number.parseInt(part, 16)), 0n);
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an IP literal (brackets allowed for IPv6); undefined when it is not one. */
export function parseIp(input: string): IpAddress | undefined {
  const text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  if (isIPv4(text)) return { family: 4, value: parseV4(text) };
  if (!isIPv6(text)) return undefined;
  const value = parseV6(text);
  if (value >> 32n === MAPPED_PREFIX >> 32n) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/** Parses `a.b.c.d/n` or `x::/n` (a bare address is a single-address range). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', prefixText] = text.trim().split('/');
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  // A mapped IPv6 range (::ffff:10.0.0.0/104) narrows to its IPv4 part.
  const raw = prefixText === undefined ? max : Number(prefixText);
  const prefix = ip.family === 4 && addr.includes(':') && prefixText !== undefined ? raw - 96 : raw;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || !/^\d*$/.test(prefixText ?? '')) {
    return undefined;
  }
  const bits = BigInt(max - prefix);
  return { family: ip.family, base: (ip.value >> bits) << bits, prefix, text: text.trim() };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const bits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return ip.value >> bits === cidr.base >> bits;
}

export interface BlockedRange {
  cidr: Cidr;
  /** Why traffic there is refused, in words a user can act on. */
  label: string;
}

function range(text: string, label: string): BlockedRange {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`bad built-in range ${text}`);
  return { cidr, label };
}

/**
 * Addresses a notification must never reach unless an admin allows them: they belong to this host,
 * its network or its cloud provider, not to a service on the internet. Metadata endpoints come
 * first so that their more specific label wins over "link-local".
 */
export const METADATA_RANGES: BlockedRange[] = [
  range('169.254.169.254/32', 'cloud metadata address'),
  range('fd00:ec2::254/128', 'cloud metadata address'),
  range('100.100.100.200/32', 'cloud metadata address'),
];

export const BLOCKED_RANGES: BlockedRange[] = [
  ...METADATA_RANGES,
  range('0.0.0.0/8', '"this network" address (0.0.0.0/8)'),
  range('127.0.0.0/8', 'loopback address (127.0.0.0/8)'),
  range('10.0.0.0/8', 'private address (10.0.0.0/8)'),
  range('172.16.0.0/12', 'private address (172.16.0.0/12)'),
  range('192.168.0.0/16', 'private address (192.168.0.0/16)'),
  range('100.64.0.0/10', 'carrier-grade NAT address (100.64.0.0/10)'),
  range('169.254.0.0/16', 'link-local address (169.254.0.0/16)'),
  range('192.0.0.0/24', 'IETF protocol address (192.0.0.0/24)'),
  range('198.18.0.0/15', 'benchmarking address (198.18.0.0/15)'),
  range('224.0.0.0/4', 'multicast address (224.0.0.0/4)'),
  range('240.0.0.0/4', 'reserved address (240.0.0.0/4)'),
  range('::/128', 'unspecified address (::)'),
  range('::1/128', 'loopback address (::1)'),
  // IPv4-compatible (deprecated), NAT64 and 6to4 forms can smuggle an IPv4 target.
  range('::/96', 'IPv4-compatible IPv6 address (::/96)'),
  range('64:ff9b::/96', 'NAT64 address (64:ff9b::/96)'),
  range('64:ff9b:1::/48', 'NAT64 address (64:ff9b:1::/48)'),
  range('2002::/16', '6to4 address (2002::/16)'),
  range('100::/64', 'discard-only address (100::/64)'),
  range('fe80::/10', 'link-local address (fe80::/10)'),
  range('fec0::/10', 'site-local address (fec0::/10)'),
  range('fc00::/7', 'unique local (private) address (fc00::/7)'),
  range('ff00::/8', 'multicast address (ff00::/8)'),
];

/** The first built-in range holding `ip`, if any. */
export function blockedRangeOf(ip: IpAddress): BlockedRange | undefined {
  return BLOCKED_RANGES.find((r) => cidrContains(r.cidr, ip));
}
