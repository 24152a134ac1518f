import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { isTimeZone } from '../../domain/pipeline-stats.js';
import { pollAirflow } from '../../services/pipelines/poll-airflow.js';
import {
  jobSummaries,
  runsHeatmap,
  runsOfJob,
  windowOf,
} from '../../services/pipelines/pipeline-runs-query.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const windowQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(28).describe('Runs that started in the last N days'),
  origin: z.enum(['openlineage', 'airflow']).optional().describe('Only runs from this producer'),
});

const grid = z.array(z.array(z.number().int()).length(24)).length(7);

const runView = z
  .object({
    runId: z.string(),
    job: z.string(),
    origin: z.string().describe('openlineage | airflow'),
    state: z.string().describe('pending | started | running | completed | failed | aborted'),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    logicalDate: z.string().nullable().describe("Airflow's logical date; null for OpenLineage runs"),
    durationSeconds: z.number().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PipelineRun' });

const jobSummary = z
  .object({
    job: z.string().describe('The job asset name (namespace/name)'),
    origin: z.string(),
    runs: z.number().int(),
    failures: z.number().int(),
    active: z.number().int().describe('Runs not ended yet'),
    failureRate: z.number().describe('failed / ended runs, 0–1'),
    durationSeconds: z
      .object({ p50: z.number(), p95: z.number(), max: z.number() })
      .nullable()
      .describe('Over completed runs'),
    lastRun: runView,
  })
  .meta({ id: 'PipelineJobSummary' });

const pollOutcome = z.object({
  source: z.string(),
  status: z.enum(['ok', 'failed']),
  dagRuns: z.number(),
  taskRuns: z.number(),
  activeRuns: z.number(),
  jobs: z.number(),
  alerts: z.array(z.object({ fingerprint: z.string(), change: z.string() })),
  error: z.string().optional(),
  more: z.boolean(),
  nextPollAt: z.string(),
});

function checkZone(tz: string): string {
  if (isTimeZone(tz)) return tz;
  throw new AppError('VALIDATION_FAILED', `unknown time zone "${tz}"`, [
    { path: 'querystring.tz', message: 'must be an IANA time zone such as Europe/Paris' },
  ]);
}

/** Pipeline runs from every producer: the schedule heatmap, per-job health, one job's runs. */
export function pipelineRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/pipelines/heatmap', {
    schema: {
      tags: ['pipelines'],
      summary: 'Runs by weekday x hour (when runs start), with failures, for the schedule heatmap',
      querystring: windowQuery.extend({
        tz: z.string().max(64).default('UTC').describe('IANA time zone the hours are read in'),
        job: z.string().optional().describe('One job asset only'),
      }),
      response: {
        200: z
          .object({
            timeZone: z.string(),
            from: z.string(),
            to: z.string(),
            runs: grid.describe('runs[weekday][hour]; weekday 0 = Monday … 6 = Sunday'),
            failures: grid,
            total: z.object({ runs: z.number().int(), failures: z.number().int() }),
          })
          .meta({ id: 'PipelineHeatmap' }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const q = request.query;
      const tz = checkZone(q.tz);
      const w = { ...windowOf(deps.clock.now(), q.days), origin: q.origin, job: q.job };
      const map = await runsHeatmap(deps.store.db, w, tz);
      return { ...map, from: w.from.toISOString(), to: w.to.toISOString() };
    },
  });

  r.get('/api/v1/pipelines/jobs', {
    schema: {
      tags: ['pipelines'],
      summary: 'Jobs with runs in the window: counts, failures, durations, latest run; most failing first',
      querystring: windowQuery,
      response: {
        200: z.object({ from: z.string(), to: z.string(), items: z.array(jobSummary) }),
        ...commonErrors,
      },
    },
    handler: async (request) => {
      const w = { ...windowOf(deps.clock.now(), request.query.days), origin: request.query.origin };
      const items = await jobSummaries(deps.store.db, w);
      return { from: w.from.toISOString(), to: w.to.toISOString(), items };
    },
  });

  r.get('/api/v1/pipelines/jobs/:name/runs', {
    schema: {
      tags: ['pipelines'],
      summary: "One job's runs, newest first",
      params: z.object({ name: z.string().min(1).describe('Job asset name, URL-encoded') }),
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: { 200: z.object({ items: z.array(runView) }), ...commonErrors },
    },
    handler: async (request) => ({
      items: await runsOfJob(deps.store.db, request.params.name, request.query.limit),
    }),
  });

  r.post('/api/v1/sources/:id/airflow/poll', {
    config: { role: 'admin' },
    schema: {
      tags: ['pipelines'],
      summary: 'Poll an Airflow source now (the worker polls it on its interval)',
      params: z.object({ id: z.string().min(1) }),
      response: { 200: pollOutcome, ...commonErrors },
    },
    handler: async (request) =>
      pollAirflow({ ctx: contextFor(deps, request), input: { source: request.params.id } }),
  });
}
