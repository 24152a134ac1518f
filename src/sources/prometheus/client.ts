import { guardedFetch } from '../../net/guarded-fetch.js';
import type { OutboundPolicy } from '../../net/outbound-guard.js';
import { SourceError } from '../errors.js';
import type { SeriesResult, SeriesSample } from '../source.js';

export interface PromClientOptions {
  url: string;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  /** Sent with every request to this origin (a tenant id, a proxy's key); never to another. */
  headers?: Record<string, string> | undefined;
  policy: OutboundPolicy;
}

/** Redirect hops followed (each re-checked by the guard), and the largest answer read. */
const MAX_REDIRECTS = 5;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface PromAnswer {
  result: SeriesResult;
  /** Samples Prometheus says it read (with stats=all), where it says so. */
  samples?: number;
}

type Json = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** Reads the documented result shapes: vector, matrix, scalar, string. */
export function parseResult(data: unknown): SeriesResult {
  const d = (data ?? {}) as Json;
  const type = d.resultType;
  const result = d.result;
  if (type === 'scalar' || type === 'string') {
    const pair = Array.isArray(result) ? result : [];
    return { resultType: type, series: [{ labels: {}, values: [[num(pair[0]), num(pair[1])]] }] };
  }
  if ((type === 'vector' || type === 'matrix') && Array.isArray(result)) {
    const series: SeriesSample[] = result.map((r: Json) => {
      const labels = Object.fromEntries(
        Object.entries((r.metric ?? {}) as Json).map(([k, v]) => [k, String(v)]),
      );
      const pairs = type === 'vector' ? [r.value] : ((r.values ?? []) as unknown[]);
      return {
        labels,
        values: (pairs as unknown[][]).map((p) => [num(p?.[0]), num(p?.[1])] as [number, number]),
      };
    });
    return { resultType: type, series };
  }
  throw new SourceError('QUERY_FAILED', 'Prometheus answered a result type Vigil does not know');
}

/**
 * A small client for the Prometheus HTTP API (/api/v1/query, /api/v1/query_range). Requests go
 * through the outbound guard: the URL and every redirect hop are checked, and the token, basic
 * auth and configured headers never follow a redirect to another origin.
 */
export class PromClient {
  private readonly base: string;
  private readonly host: string;

  constructor(private readonly o: PromClientOptions) {
    this.base = o.url.replace(/\/+$/, '');
    this.host = new URL(o.url).host;
  }

  private headers(): Record<string, string> {
    // Lower-cased, so a configured header and Vigil's own never go out twice under two spellings.
    const configured = Object.entries(this.o.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]);
    const h: Record<string, string> = {
      ...Object.fromEntries(configured),
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'vigil',
    };
    if (this.o.token) h.authorization = `Bearer ${this.o.token}`;
    else if (this.o.username) {
      h.authorization = `Basic ${Buffer.from(`${this.o.username}:${this.o.password ?? ''}`).toString('base64')}`;
    }
    return h;
  }

  private timedOut(timeoutMs: number): SourceError {
    return new SourceError(
      'QUERY_TIMEOUT',
      `Prometheus at ${this.host} did not answer within ${timeoutMs} ms`,
    );
  }

  async post(
    path: 'query' | 'query_range',
    form: Record<string, string>,
    timeoutMs: number,
  ): Promise<PromAnswer> {
    const outcome = await guardedFetch(
      `${this.base}/api/v1/${path}`,
      {
        method: 'POST',
        headers: this.headers(),
        body: new URLSearchParams({
          ...form,
          timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s`,
          stats: 'all',
        }).toString(),
        timeoutMs,
        maxRedirects: MAX_REDIRECTS,
        maxResponseBytes: MAX_ANSWER_BYTES,
      },
      this.o.policy,
    );
    if (!outcome.ok) {
      if (outcome.kind === 'timeout') throw this.timedOut(timeoutMs);
      if (outcome.kind === 'refused')
        throw new SourceError(
          'OUTBOUND_REFUSED',
          `Prometheus at ${this.host}: ${outcome.reason}; an admin may allow it in security.allowOutboundCidrs`,
          { host: this.host },
        );
      throw new SourceError('SOURCE_UNREACHABLE', `cannot reach Prometheus at ${this.host}`, {
        host: this.host,
      });
    }
    const res = outcome.response;
    if (res.status === 401 || res.status === 403) {
      throw new SourceError(
        'SOURCE_AUTH_FAILED',
        `Prometheus at ${this.host} refused the credentials (HTTP ${res.status})`,
        { host: this.host, engineCode: String(res.status) },
      );
    }
    if (res.truncated)
      throw new SourceError(
        'QUERY_FAILED',
        `Prometheus at ${this.host} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB; narrow the query or use a larger step`,
        { host: this.host },
      );
    let body: Json;
    try {
      body = JSON.parse(res.body) as Json;
    } catch {
      throw new SourceError(
        'QUERY_FAILED',
        `${this.host} answered HTTP ${res.status} without the Prometheus API's JSON`,
        { host: this.host, engineCode: String(res.status) },
      );
    }
    if (body.status !== 'success') {
      const type = typeof body.errorType === 'string' ? body.errorType : 'unknown';
      if (type === 'timeout' || type === 'canceled')
        throw new SourceError('QUERY_TIMEOUT', 'Prometheus cancelled the query at its time limit', {
          engineCode: type,
        });
      // Prometheus' own error text can quote the expression; only its class is passed on.
      throw new SourceError('QUERY_FAILED', `Prometheus rejected the query (${type})`, {
        engineCode: type,
      });
    }
    const data = (body.data ?? {}) as Json;
    const samples = ((data.stats as Json | undefined)?.samples as Json | undefined)?.totalQueryableSamples;
    return { result: parseResult(data), ...(typeof samples === 'number' ? { samples } : {}) };
  }
}
