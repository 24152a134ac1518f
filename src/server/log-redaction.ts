import type { FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';

/**
 * Secrets some callers must put in the URL: heartbeat pings (`hb_…`) and inbound webhooks
 * (`in_…`) authenticate by a token in the path, as cron jobs and Grafana can send nothing else;
 * signed alert links carry theirs in `?token=`. Whoever reads the request log must not be able to
 * replay them, so the server's logger writes URLs and error messages with these parts hidden.
 * In free text only words of 16+ characters after the prefix are hidden (tokens have 24+), so a
 * value such as `in_progress_team` stays readable.
 */
const SECRET_IN_TEXT = /\b(hb|in|vgl)(_|%5f)[\w%-]{16,}/gi;
const SECRET_QUERY_KEYS = new Set(['token', 'secret', 'sig', 'signature', 'key', 'api_key', 'access_token']);
const HIDDEN = '[redacted]';

const decode = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

/** `/api/v1/heartbeats/hb_x1y2?rid=7` → `/api/v1/heartbeats/hb_[redacted]?rid=7`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const segments = path.split('/').map((segment) => {
    // Read as the router reads it: `hb%5F…` is the same token as `hb_…`.
    const prefix = /^(hb|in|vgl)_/i.exec(decode(segment));
    return prefix ? `${prefix[0]}${HIDDEN}` : segment;
  });
  if (at < 0) return segments.join('/');
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      if (eq >= 0 && SECRET_QUERY_KEYS.has(key)) return `${pair.slice(0, eq)}=${HIDDEN}`;
      return pair.replace(SECRET_IN_TEXT, `$1_${HIDDEN}`);
    });
  return `${segments.join('/')}?${query.join('&')}`;
}

/** Any text (an error message, a stack) with token-shaped words hidden. */
export const scrubSecrets = (text: string): string => text.replace(SECRET_IN_TEXT, `$1_${HIDDEN}`);

/** Fastify's request serializer, with the URL redacted. */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function errorForLog(error: Error) {
  const out = pino.stdSerializers.err(error);
  return {
    ...out,
    message: scrubSecrets(out.message ?? ''),
    ...(out.stack ? { stack: scrubSecrets(out.stack) } : {}),
  };
}

/**
 * The logger the HTTP app writes to: the given one, with request and error serializers that
 * hide URL secrets. Fastify lets a logger's own serializers win over its defaults.
 */
export const redactingLogger = (log: Logger): Logger =>
  log.child({}, { serializers: { req: requestForLog, err: errorForLog } });
