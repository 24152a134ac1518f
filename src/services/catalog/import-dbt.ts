import type { Severity } from '../../domain/monitor.js';
import { AppError, type ErrorDetail } from '../../domain/errors.js';
import {
  type DbtAsset,
  type DbtCheckResult,
  type DbtFreshnessResults,
  type DbtProject,
  type DbtRunResults,
  parseDbtManifest,
  parseDbtRunResults,
  parseDbtSourceFreshness,
} from '../../ingest/dbt/index.js';
import type { Parsed } from '../../ingest/shared/result.js';
import { storableJson } from '../../ingest/shared/storable.js';
import type { AssetType } from '../../store/schema-catalog.js';
import { loadRouting } from '../alerts/routing-config.js';
import { mutate, type ServiceContext } from '../context.js';
import { recordDbtChecksums } from '../incidents/record-dbt-checksums.js';
import { fullName, upsertAsset, upsertEdge } from './asset-store.js';
import { type AlertOutcome, signalCheck, signalPipeline } from './pipeline-alerts.js';

export interface DbtUpload {
  manifest: unknown;
  run_results?: unknown;
  sources?: unknown;
  /**
   * The namespace dbt's relations live in, e.g. postgres://warehouse:5432, so they are the same
   * assets OpenLineage producers report. Default: dbt://<project name>.
   */
  namespace?: string | undefined;
}

export interface DbtImport {
  project: string | null;
  assets: number;
  edges: number;
  checks: number;
  alerts: AlertOutcome[];
}

const TYPES: Record<DbtAsset['kind'], AssetType> = {
  model: 'model',
  source: 'source',
  seed: 'seed',
  snapshot: 'snapshot',
  exposure: 'dashboard',
};

/** `/metadata/dbt_schema_version` in the run_results artifact -> `run_results.metadata.dbt_schema_version`. */
function within(artifact: string, errors: ErrorDetail[]): ErrorDetail[] {
  return errors.map((e) => ({
    path: `${artifact}${e.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
      .join('')}`,
    message: e.message,
  }));
}

function read<T>(artifact: string, parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  const details = within(artifact, parsed.errors);
  // The version error already names the version and what Vigil reads; put it first in the message.
  throw new AppError(
    'VALIDATION_FAILED',
    `${artifact}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    details,
  );
}

/** Parses the three artifacts; any problem in any of them refuses the whole upload. */
export function parseDbtUpload(upload: DbtUpload): {
  project: DbtProject;
  runs?: DbtRunResults;
  freshness?: DbtFreshnessResults;
} {
  const project = read('manifest', parseDbtManifest(upload.manifest));
  const runs =
    upload.run_results === undefined
      ? undefined
      : read('run_results', parseDbtRunResults(upload.run_results));
  const freshness =
    upload.sources === undefined ? undefined : read('sources', parseDbtSourceFreshness(upload.sources));
  return { project, ...(runs ? { runs } : {}), ...(freshness ? { freshness } : {}) };
}

/**
 * The most an asset's full name (namespace/relation) or dbt unique_id may take, in UTF-8 bytes:
 * both are index keys, and a lineage edge keys on two names and a job. The same bound as
 * OpenLineage's, so dbt and OpenLineage name the same tables.
 */
const MAX_NAME_BYTES = 800;

function refuseOverlongNames(project: DbtProject, namespace: string): void {
  const long = (s: string) => Buffer.byteLength(s) > MAX_NAME_BYTES;
  const details: ErrorDetail[] = [];
  for (const a of project.assets)
    if (long(`${namespace}/${relation(a)}`) || long(a.id))
      details.push({
        path: `manifest.${a.id.slice(0, 80)}`,
        message: `its name must be at most ${MAX_NAME_BYTES} bytes`,
      });
  for (const m of project.monitors)
    if (long(`${namespace}/${m.id}`))
      details.push({
        path: `manifest.${m.id.slice(0, 80)}`,
        message: `its unique_id must be at most ${MAX_NAME_BYTES} bytes`,
      });
  if (details.length > 0)
    throw new AppError('VALIDATION_FAILED', `manifest: names too long for the catalog`, details.slice(0, 20));
}

const relation = (a: DbtAsset): string =>
  [a.database, a.schema, a.identifier].filter((p): p is string => Boolean(p)).join('.') || a.id;

/**
 * A dbt project into the catalog: models, sources, seeds, snapshots and exposures as assets, tests as
 * test assets, parent_map as lineage. Failing tests and freshness checks fire alerts and passing
 * ones resolve them; a model that errored fires its pipeline alert, one that succeeded resolves it.
 */
export async function importDbt({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: DbtUpload;
}): Promise<DbtImport> {
  // NUL and lone surrogates become U+FFFD before anything (the checksums too) reads the upload.
  const storable = storableJson(input);
  if (!storable.ok) {
    const details = within('', storable.errors).map((d) => ({ ...d, path: d.path.replace(/^\./, '') }));
    throw new AppError('VALIDATION_FAILED', 'the upload nests too deep', details);
  }
  const upload = storable.value;
  const { project, runs, freshness } = parseDbtUpload(upload);
  const namespace = upload.namespace ?? `dbt://${project.projectName ?? 'dbt'}`;
  refuseOverlongNames(project, namespace);
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const routing = await loadRouting(trx);
    const names = new Map<string, string>();
    for (const a of project.assets) {
      const row = await upsertAsset(
        trx,
        {
          namespace,
          name: relation(a),
          type: TYPES[a.kind],
          origin: 'dbt',
          description: a.description,
          owner: a.owner,
          tags: a.tags,
          columns: a.columns.map((c) => ({ name: c.name, type: c.dataType, description: c.description })),
          externalId: a.id,
        },
        now,
      );
      names.set(a.id, row.name);
    }
    for (const m of project.monitors) {
      if (m.kind !== 'dbt_test') continue;
      const row = await upsertAsset(
        trx,
        { namespace, name: m.id, type: 'test', origin: 'dbt', description: m.name, externalId: m.id },
        now,
      );
      names.set(m.id, row.name);
    }
    // Model checksums, so "what changed?" on an incident sees SQL that changed before it.
    await recordDbtChecksums(trx, upload.manifest, names, { now, actor: ctx.actor.name });
    let edges = 0;
    for (const e of project.edges) {
      const from = names.get(e.from);
      const to = names.get(e.to);
      if (!from || !to) continue;
      await upsertEdge(trx, { from, to }, now);
      edges++;
    }
    const monitors = new Map(project.monitors.map((m) => [m.id, m]));
    const alerts: AlertOutcome[] = [];
    const checks = [...(runs?.checks ?? []), ...(freshness?.checks ?? [])];
    for (const c of checks) {
      const outcome = await checkAlert(c);
      if (outcome && outcome.change !== 'none') alerts.push(outcome);
    }
    for (const r of runs?.runs ?? []) {
      const job = names.get(r.assetId);
      if (!job || (r.status !== 'success' && r.status !== 'error')) continue;
      const outcome = await signalPipeline(trx, routing, {
        job,
        status: r.status === 'error' ? 'failed' : 'completed',
        runId: runs?.invocationId ?? 'dbt',
        error: r.message,
        at: now,
        actor: ctx.actor.name,
      });
      if (outcome.change !== 'none') alerts.push(outcome);
    }
    return {
      result: {
        project: project.projectName ?? null,
        assets: names.size,
        edges,
        checks: checks.length,
        alerts,
      },
      audit: {
        action: 'catalog.import_dbt',
        targetType: 'integration',
        targetId: 'dbt',
        summary: `imported dbt project ${project.projectName ?? ''}: ${names.size} asset(s), ${edges} edge(s), ${checks.length} check result(s)`,
      },
    };

    async function checkAlert(c: DbtCheckResult): Promise<AlertOutcome | undefined> {
      const monitor = monitors.get(c.monitorId);
      const assetId = c.assetId ?? monitor?.assetId;
      const asset =
        (assetId && names.get(assetId)) ||
        names.get(c.monitorId) ||
        fullName({ namespace, name: c.monitorId });
      const freshnessCheck = monitor?.kind === 'dbt_source_freshness' || c.monitorId.endsWith('#freshness');
      const label = monitor?.name ?? c.monitorId;
      const severity: Severity = c.status === 'fail' && c.severity === 'warn' ? 'log' : 'ticket';
      const what = freshnessCheck ? `dbt source freshness ${label}` : `dbt test ${label}`;
      return signalCheck(trx, routing, {
        fingerprint: `dbt:${c.monitorId}`,
        asset,
        kind: freshnessCheck ? 'dbt_source_freshness' : 'dbt_test',
        passed: c.status === 'pass',
        severity,
        title: `${what} ${c.status === 'error' ? 'errored' : 'failed'}`,
        summary: c.message ?? `${what}: ${c.status}`,
        labels: { test: label, column: monitor?.column, dbt_id: c.monitorId },
        at: now,
        actor: ctx.actor.name,
      });
    }
  });
}
