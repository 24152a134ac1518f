import { z } from 'zod';
import { fail, ok, type Parsed } from '../shared/result.js';
import { zodFieldErrors } from '../shared/zod-errors.js';
import {
  type DbtCheckResult,
  type DbtFreshnessResults,
  type DbtNodeRun,
  type DbtRunResults,
  freshnessMonitorId,
} from './types.js';
import { detectDbtArtifact, isVersionError } from './version.js';

/** run_results.json v4–v6 and sources.json v3: the fields Vigil reads, nothing more. */
const text = z.string().nullish();
const timing = z.array(z.object({ name: z.string(), started_at: text, completed_at: text })).nullish();
const metadata = z.object({ generated_at: text, invocation_id: text });

const runResults = z.object({
  metadata,
  results: z.array(
    z.object({
      unique_id: z.string(),
      status: z.string(),
      timing,
      execution_time: z.number().nullish(),
      message: text,
      failures: z.number().nullish(),
      adapter_response: z.record(z.string(), z.unknown()).nullish(),
    }),
  ),
});

const duration = z
  .object({ count: z.number().nullish(), period: z.enum(['minute', 'hour', 'day']).nullish() })
  .nullish();
const sources = z.object({
  metadata,
  results: z.array(
    z.object({
      unique_id: z.string(),
      status: z.enum(['pass', 'warn', 'error', 'runtime error']),
      max_loaded_at: text,
      snapshotted_at: text,
      max_loaded_at_time_ago_in_s: z.number().nullish(),
      criteria: z.object({ warn_after: duration, error_after: duration }).nullish(),
      error: text,
      timing,
    }),
  ),
});

type Timing = z.infer<typeof timing>;
const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;
const seconds = (d: z.infer<typeof duration>) =>
  d?.count != null && d.period != null ? d.count * PERIOD_SECONDS[d.period] : undefined;

function executeTiming(t: Timing): { startedAt?: string; completedAt?: string } {
  const exec = t?.find((x) => x.name === 'execute') ?? t?.[t.length - 1];
  const out: { startedAt?: string; completedAt?: string } = {};
  if (exec?.started_at) out.startedAt = exec.started_at;
  if (exec?.completed_at) out.completedAt = exec.completed_at;
  return out;
}

const RUN_STATUS: Record<string, DbtNodeRun['status']> = {
  success: 'success',
  error: 'error',
  skipped: 'skipped',
  'no-op': 'no-op',
};

/**
 * Tests become check results (passes included, so an alert clears when its test passes again);
 * models, seeds and snapshots become node runs. Skipped tests say nothing about the data and are left out.
 */
export function parseDbtRunResults(input: unknown): Parsed<DbtRunResults> {
  const v = detectDbtArtifact(input, 'run-results');
  if (isVersionError(v)) return fail([v]);
  const r = runResults.safeParse(input, { reportInput: true });
  if (!r.success) return fail(zodFieldErrors(r.error));
  const generatedAt = r.data.metadata.generated_at ?? undefined;
  const out: DbtRunResults = { schemaVersion: v.version, checks: [], runs: [] };
  if (generatedAt) out.generatedAt = generatedAt;
  if (r.data.metadata.invocation_id) out.invocationId = r.data.metadata.invocation_id;
  for (const res of r.data.results) {
    const t = executeTiming(res.timing);
    if (res.unique_id.startsWith('test.')) {
      const status = { pass: 'pass', fail: 'fail', warn: 'fail', error: 'error' }[res.status] as
        | DbtCheckResult['status']
        | undefined;
      if (status === undefined) continue;
      const check: DbtCheckResult = {
        monitorId: res.unique_id,
        status,
        at: t.completedAt ?? generatedAt ?? '',
      };
      if (res.status === 'fail') check.severity = 'error';
      if (res.status === 'warn') check.severity = 'warn';
      if (res.failures != null) check.observed = res.failures;
      if (res.message) check.message = res.message;
      out.checks.push(check);
    } else if (/^(model|seed|snapshot)\./.test(res.unique_id)) {
      const run: DbtNodeRun = {
        assetId: res.unique_id,
        status: RUN_STATUS[res.status] ?? 'other',
        executionSeconds: res.execution_time ?? 0,
        ...t,
      };
      const rows = res.adapter_response?.rows_affected;
      if (typeof rows === 'number' && rows >= 0) run.rowsAffected = rows;
      if (res.message) run.message = res.message;
      out.runs.push(run);
    }
  }
  return ok(out);
}

function describeAge(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/** sources.json from `dbt source freshness`: warn and error become failing checks, runtime errors errors. */
export function parseDbtSourceFreshness(input: unknown): Parsed<DbtFreshnessResults> {
  const v = detectDbtArtifact(input, 'sources');
  if (isVersionError(v)) return fail([v]);
  const r = sources.safeParse(input, { reportInput: true });
  if (!r.success) return fail(zodFieldErrors(r.error));
  const generatedAt = r.data.metadata.generated_at ?? undefined;
  const out: DbtFreshnessResults = { schemaVersion: v.version, checks: [] };
  if (generatedAt) out.generatedAt = generatedAt;
  if (r.data.metadata.invocation_id) out.invocationId = r.data.metadata.invocation_id;
  for (const res of r.data.results) {
    const at = res.snapshotted_at ?? executeTiming(res.timing).completedAt ?? generatedAt ?? '';
    const check: DbtCheckResult = {
      monitorId: freshnessMonitorId(res.unique_id),
      assetId: res.unique_id,
      status: res.status === 'pass' ? 'pass' : res.status === 'runtime error' ? 'error' : 'fail',
      at,
    };
    if (res.status === 'warn' || res.status === 'error') check.severity = res.status;
    const age = res.max_loaded_at_time_ago_in_s;
    if (age != null) check.observed = age;
    const warn = seconds(res.criteria?.warn_after);
    const error = seconds(res.criteria?.error_after);
    const crossed = res.status === 'error' ? error : res.status === 'warn' ? warn : (warn ?? error);
    if (crossed !== undefined) check.expected = crossed;
    if (res.status === 'runtime error') {
      if (res.error) check.message = res.error;
    } else if (age != null) {
      const limits = [
        warn && `warn after ${describeAge(warn)}`,
        error && `error after ${describeAge(error)}`,
      ].filter(Boolean);
      check.message = `last loaded ${describeAge(age)} ago${limits.length ? ` (${limits.join(', ')})` : ''}`;
    }
    out.checks.push(check);
  }
  return ok(out);
}
