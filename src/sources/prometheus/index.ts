import { z } from 'zod';
import { outboundPolicy } from '../../net/outbound-guard.js';
import { secret, timeoutField } from '../config.js';
import { defineSource } from '../definition.js';
import { fail, ok, type QueryCost, type Result, SourceError, asSourceError } from '../errors.js';
import type {
  CallOptions,
  QueryResult,
  QueryTag,
  RunQueryOptions,
  SeriesResult,
  SeriesSource,
  SourceHooks,
} from '../source.js';
import { PromClient, type PromAnswer } from './client.js';

/** Headers Vigil sets itself; a configured header may not replace them. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
]);

/**
 * Extra headers for every request (a tenant id such as Mimir's X-Scope-OrgID, a proxy's API key).
 * Secret as a whole: any of them may be a credential, so none follows a redirect to another origin.
 */
const headersField = z
  .record(
    z
      .string()
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not an HTTP header name')
      .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'set by Vigil itself'),
    z.string().regex(/^[^\r\n\0]*$/, 'a header value is one line'),
  )
  .describe('extra request headers, e.g. {"X-Scope-OrgID": "team-a"}');

export const prometheusConfigSchema = z
  .object({
    kind: z.literal('prometheus'),
    url: z.url().describe('base URL, e.g. http://prometheus:9090'),
    token: secret(z.string().optional()),
    username: z.string().optional(),
    password: secret(z.string().optional()),
    headers: secret(headersField.optional()),
    queryTimeoutMs: timeoutField,
  })
  .strict();

export type PrometheusConfig = z.output<typeof prometheusConfigSchema>;

/** PromQL has `#` line comments: the tag rides on the expression into Prometheus' query log. */
export function tagExpression(tag: QueryTag, expr: string): string {
  const clean = (v: string) => v.replace(/[^A-Za-z0-9_.:@-]/g, '_').slice(0, 120);
  const parts = ['vigil'];
  if (tag.monitorId) parts.push(`monitor=${clean(tag.monitorId)}`);
  if (tag.purpose) parts.push(`purpose=${clean(tag.purpose)}`);
  return `# ${parts.join(' ')}\n${expr}`;
}

const MAX_POINTS = 11_000;

export class PrometheusSource implements SeriesSource {
  readonly family = 'promql' as const;
  readonly kind = 'prometheus';
  private readonly client: PromClient;

  constructor(
    private readonly config: PrometheusConfig,
    private readonly hooks: SourceHooks = {},
  ) {
    // No policy given: loopback, private and metadata addresses are refused (deny by default).
    this.client = new PromClient({ ...config, policy: hooks.outbound ?? outboundPolicy() });
  }

  private async send(
    path: 'query' | 'query_range',
    expr: string,
    form: Record<string, string>,
    opts: Partial<CallOptions>,
  ): Promise<Result<PromAnswer>> {
    const started = performance.now();
    const cost: QueryCost = { queries: 1, wallMs: 0 };
    const query = tagExpression(opts.tag ?? {}, expr);
    this.hooks.onStatement?.(query);
    try {
      const answer = await this.client.post(
        path,
        { query, ...form },
        opts.timeoutMs ?? this.config.queryTimeoutMs,
      );
      cost.wallMs = Math.round((performance.now() - started) * 100) / 100;
      if (answer.samples !== undefined) cost.rowsScanned = answer.samples;
      return ok(answer, cost);
    } catch (e) {
      cost.wallMs = Math.round((performance.now() - started) * 100) / 100;
      return fail(asSourceError(e), cost);
    }
  }

  async testConnection(opts?: Partial<CallOptions>): Promise<Result<void>> {
    const r = await this.send('query', '1', {}, { tag: { purpose: 'test-connection' }, ...opts });
    return r.ok ? ok(undefined, r.cost) : r;
  }

  async instantQuery(expr: string, opts: CallOptions & { time?: Date }): Promise<Result<SeriesResult>> {
    if (!expr.trim()) return fail(new SourceError('INVALID_INPUT', 'the PromQL expression is empty'));
    const form: Record<string, string> = opts.time ? { time: String(opts.time.getTime() / 1000) } : {};
    const r = await this.send('query', expr, form, opts);
    return r.ok ? ok(r.value.result, r.cost) : r;
  }

  async rangeQuery(
    expr: string,
    opts: CallOptions & { start: Date; end: Date; stepSeconds: number },
  ): Promise<Result<SeriesResult>> {
    if (!expr.trim()) return fail(new SourceError('INVALID_INPUT', 'the PromQL expression is empty'));
    const span = (opts.end.getTime() - opts.start.getTime()) / 1000;
    if (!(opts.stepSeconds > 0) || span < 0)
      return fail(new SourceError('INVALID_INPUT', 'the range needs start <= end and a positive step'));
    if (span / opts.stepSeconds > MAX_POINTS) {
      return fail(
        new SourceError(
          'INVALID_INPUT',
          `the range asks for more than ${MAX_POINTS} points per series; use a larger step`,
        ),
      );
    }
    const form = {
      start: String(opts.start.getTime() / 1000),
      end: String(opts.end.getTime() / 1000),
      step: String(opts.stepSeconds),
    };
    const r = await this.send('query_range', expr, form, opts);
    return r.ok ? ok(r.value.result, r.cost) : r;
  }

  /** A custom check: the expression evaluated now, one row per series (labels + value). */
  async runQuery(text: string, opts: RunQueryOptions): Promise<Result<QueryResult>> {
    const r = await this.instantQuery(text, { ...opts, tag: { purpose: 'custom-promql', ...opts.tag } });
    if (!r.ok) return r;
    const labelNames = [...new Set(r.value.series.flatMap((s) => Object.keys(s.labels)))].sort();
    const max = opts.maxRows ?? 1000;
    const rows = r.value.series.map((s) => ({
      ...s.labels,
      timestamp: s.values[0]?.[0] ?? null,
      value: s.values[0]?.[1] ?? null,
    }));
    return ok(
      {
        columns: [...labelNames, 'timestamp', 'value'],
        rows: rows.slice(0, max),
        truncated: rows.length > max,
      },
      r.cost,
    );
  }

  async close(): Promise<void> {}
}

export const prometheusSource = defineSource({
  kind: 'prometheus',
  schema: prometheusConfigSchema,
  create: (config, hooks) => new PrometheusSource(config, hooks),
  targets: (config) => [{ field: 'url', url: config.url }],
});
