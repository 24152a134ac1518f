import { z } from 'zod';
import { type AirflowError, createAirflowClient } from '../../ingest/airflow/index.js';
import { outboundPolicy } from '../../net/outbound-guard.js';
import { secret } from '../config.js';
import { defineSource } from '../definition.js';
import { fail, ok, type Result, SourceError } from '../errors.js';
import type { CallOptions, PipelineSource, QueryResult, SourceHooks } from '../source.js';

/**
 * An Airflow deployment, polled over its REST API for DAG runs and task instances. It is a source
 * like a warehouse (its password sealed at rest, one "source down" alert when it stops answering),
 * but it has no tables: the worker's Airflow job reads it, monitors do not.
 */
export const airflowConfigSchema = z
  .object({
    kind: z.literal('airflow'),
    url: z.url().describe('base URL of the Airflow API server / webserver, e.g. http://airflow:8080'),
    version: z
      .union([z.literal(2), z.literal(3)])
      .default(3)
      .describe('3: /api/v2 with a token from /auth/token; 2: /api/v1 with basic auth'),
    username: z.string().min(1),
    password: secret(z.string().min(1)),
    namespace: z
      .string()
      .min(1)
      .default('default')
      .describe(
        'the OpenLineage namespace of this Airflow (AIRFLOW__OPENLINEAGE__NAMESPACE), so DAGs are named alike',
      ),
    pollIntervalSeconds: z.number().int().min(5).max(86_400).default(60),
    deadlineMinutes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('every run must finish this long after its logical date'),
    dagDeadlines: z
      .record(z.string(), z.number().int().positive())
      .default({})
      .describe('per DAG id: minutes after the logical date; wins over deadlineMinutes'),
    requestTimeoutMs: z.number().int().positive().max(600_000).default(10_000),
  })
  .strict();

export type AirflowSourceConfig = z.output<typeof airflowConfigSchema>;

/** Airflow's failures in the codes every source shares, so the same alerts and backoff apply. */
export function airflowSourceError(e: AirflowError): SourceError {
  switch (e.kind) {
    case 'unreachable':
    case 'timeout':
      return new SourceError('SOURCE_UNREACHABLE', e.message);
    case 'unauthorized':
      return new SourceError('SOURCE_AUTH_FAILED', e.message);
    case 'refused':
      return new SourceError('OUTBOUND_REFUSED', e.message);
    default:
      return new SourceError('QUERY_FAILED', e.message);
  }
}

export class AirflowSource implements PipelineSource {
  readonly family = 'pipeline' as const;
  readonly kind = 'airflow';

  constructor(
    private readonly config: AirflowSourceConfig,
    private readonly hooks: SourceHooks = {},
  ) {}

  async testConnection(opts?: Partial<CallOptions>): Promise<Result<void>> {
    const started = performance.now();
    const client = createAirflowClient({
      baseUrl: this.config.url,
      version: this.config.version,
      username: this.config.username,
      password: this.config.password,
      timeoutMs: opts?.timeoutMs ?? this.config.requestTimeoutMs,
      // No policy given: loopback, private and metadata addresses are refused (deny by default).
      policy: this.hooks.outbound ?? outboundPolicy(),
    });
    const r = await client.list('dags', 'dags', { limit: 1 });
    const cost = { queries: 1, wallMs: Math.round((performance.now() - started) * 100) / 100 };
    return r.ok ? ok(undefined, cost) : fail(airflowSourceError(r.error), cost);
  }

  async runQuery(): Promise<Result<QueryResult>> {
    return fail(
      new SourceError('UNSUPPORTED', 'an Airflow source has no query language; it is polled for runs'),
    );
  }

  async close(): Promise<void> {}
}

export const airflowSource = defineSource({
  kind: 'airflow',
  schema: airflowConfigSchema,
  create: (config, hooks) => new AirflowSource(config, hooks),
  targets: (config) => [{ field: 'url', url: config.url }],
});
