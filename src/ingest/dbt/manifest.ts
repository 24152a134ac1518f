import { z } from 'zod';
import { fail, ok, type Parsed } from '../shared/result.js';
import { zodFieldErrors } from '../shared/zod-errors.js';
import {
  type DbtAsset,
  type DbtAssetKind,
  type DbtFreshnessRule,
  type DbtLineageEdge,
  type DbtMonitor,
  type DbtProject,
  freshnessMonitorId,
} from './types.js';
import { detectDbtArtifact, isVersionError } from './version.js';

/**
 * manifest.json (https://schemas.getdbt.com/dbt/manifest/v12.json and earlier): only the fields Vigil
 * reads are checked; everything else dbt writes is ignored, which is what lets v4–v12 share a reader.
 */
const text = z.string().nullish();
const meta = z.record(z.string(), z.unknown()).nullish();
const duration = z
  .object({ count: z.number().nullish(), period: z.enum(['minute', 'hour', 'day']).nullish() })
  .nullish();
const freshness = z.object({ warn_after: duration, error_after: duration }).nullish();

const node = z.object({
  unique_id: z.string(),
  resource_type: z.string(),
  name: z.string(),
  package_name: z.string(),
  database: text,
  schema: text,
  alias: text,
  identifier: text,
  relation_name: text,
  description: text,
  tags: z.array(z.string()).nullish(),
  meta,
  group: text,
  config: z.object({ materialized: text, severity: text, meta, loaded_at_field: text, freshness }).nullish(),
  columns: z.record(z.string(), z.object({ name: z.string(), description: text, data_type: text })).nullish(),
  depends_on: z.object({ nodes: z.array(z.string()).nullish() }).nullish(),
  test_metadata: z.object({ name: z.string(), namespace: text }).nullish(),
  column_name: text,
  attached_node: text,
  loaded_at_field: text,
  freshness,
  // exposures
  type: text,
  url: text,
  label: text,
  owner: z.object({ email: text, name: text }).nullish(),
});

const manifest = z.object({
  metadata: z.object({
    dbt_version: text,
    generated_at: text,
    invocation_id: text,
    project_name: text,
    adapter_type: text,
  }),
  nodes: z.record(z.string(), node),
  sources: z.record(z.string(), node),
  exposures: z.record(z.string(), node).nullish(),
  groups: z
    .record(z.string(), z.object({ name: z.string(), owner: z.object({ email: text, name: text }) }))
    .nullish(),
  parent_map: z.record(z.string(), z.array(z.string())).nullish(),
});

type Node = z.infer<typeof node>;
type Manifest = z.infer<typeof manifest>;

const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;
const ASSET_KINDS = new Set<string>(['model', 'source', 'seed', 'snapshot', 'exposure']);

function seconds(d: z.infer<typeof duration>): number | undefined {
  return d?.count != null && d.period != null ? d.count * PERIOD_SECONDS[d.period] : undefined;
}

/** A source's freshness rule; the source's config overrides the top-level (dbt 1.9 moved it there). */
export function freshnessRule(n: Node): DbtFreshnessRule | undefined {
  const f = n.config?.freshness ?? n.freshness;
  const rule: DbtFreshnessRule = {};
  const warn = seconds(f?.warn_after);
  const error = seconds(f?.error_after);
  if (warn !== undefined) rule.warnAfterSeconds = warn;
  if (error !== undefined) rule.errorAfterSeconds = error;
  if (warn === undefined && error === undefined) return undefined;
  const field = n.config?.loaded_at_field ?? n.loaded_at_field;
  if (field) rule.loadedAtField = field;
  return rule;
}

function ownerOf(n: Node, m: Manifest): string | undefined {
  const fromMeta = n.config?.meta?.owner ?? n.meta?.owner;
  if (typeof fromMeta === 'string' && fromMeta !== '') return fromMeta;
  if (n.owner) return n.owner.email ?? n.owner.name ?? undefined;
  const group = n.group ? Object.values(m.groups ?? {}).find((g) => g.name === n.group) : undefined;
  return group ? (group.owner.email ?? group.owner.name ?? undefined) : undefined;
}

function toAsset(n: Node, m: Manifest): DbtAsset {
  const a: DbtAsset = {
    id: n.unique_id,
    kind: n.resource_type as DbtAssetKind,
    name: n.name,
    package: n.package_name,
    description: n.description ?? '',
    tags: n.tags ?? [],
    columns: Object.values(n.columns ?? {}).map((c) => ({
      name: c.name,
      ...(c.data_type ? { dataType: c.data_type } : {}),
      ...(c.description ? { description: c.description } : {}),
    })),
  };
  if (n.database) a.database = n.database;
  if (n.schema) a.schema = n.schema;
  const identifier = n.resource_type === 'source' ? n.identifier : n.alias;
  if (identifier) a.identifier = identifier;
  if (n.relation_name) a.relationName = n.relation_name;
  const owner = ownerOf(n, m);
  if (owner) a.owner = owner;
  if (n.config?.materialized) a.materialized = n.config.materialized;
  if (n.resource_type === 'source') {
    const f = freshnessRule(n);
    if (f) a.freshness = f;
  }
  if (n.resource_type === 'exposure') {
    if (n.type) a.exposureType = n.type;
    if (n.url) a.url = n.url;
    if (n.label) a.name = n.label;
  }
  return a;
}

function toTestMonitor(n: Node): DbtMonitor {
  const dependsOn = n.depends_on?.nodes ?? [];
  const mon: DbtMonitor = {
    id: n.unique_id,
    kind: 'dbt_test',
    name: n.name,
    test: n.test_metadata
      ? [n.test_metadata.namespace, n.test_metadata.name].filter(Boolean).join('.')
      : 'singular',
    severity: n.config?.severity?.toLowerCase() === 'warn' ? 'warn' : 'error',
    dependsOn,
  };
  // attached_node (v10+) names the asset; before it, a test reading exactly one asset is about that one.
  const asset = n.attached_node ?? (dependsOn.length === 1 ? dependsOn[0] : undefined);
  if (asset) mon.assetId = asset;
  if (n.column_name) mon.column = n.column_name;
  return mon;
}

/** Read a manifest.json already parsed from JSON. Never throws. */
export function parseDbtManifest(input: unknown): Parsed<DbtProject> {
  const v = detectDbtArtifact(input, 'manifest');
  if (isVersionError(v)) return fail([v]);
  const r = manifest.safeParse(input, { reportInput: true });
  if (!r.success) return fail(zodFieldErrors(r.error));
  const m = r.data;
  const all = [...Object.values(m.nodes), ...Object.values(m.sources), ...Object.values(m.exposures ?? {})];
  const assets = all.filter((n) => ASSET_KINDS.has(n.resource_type)).map((n) => toAsset(n, m));
  const assetIds = new Set(assets.map((a) => a.id));
  const monitors = all.filter((n) => n.resource_type === 'test').map(toTestMonitor);
  for (const a of assets) {
    if (a.freshness) {
      monitors.push({
        id: freshnessMonitorId(a.id),
        kind: 'dbt_source_freshness',
        name: `freshness of ${a.name}`,
        assetId: a.id,
        severity: a.freshness.errorAfterSeconds !== undefined ? 'error' : 'warn',
        dependsOn: [a.id],
        freshness: a.freshness,
      });
    }
  }
  const edges: DbtLineageEdge[] = [];
  for (const n of all) {
    if (!assetIds.has(n.unique_id)) continue;
    // parent_map is dbt's resolved graph; depends_on.nodes is the fallback where it is missing.
    const parents = m.parent_map?.[n.unique_id] ?? n.depends_on?.nodes ?? [];
    for (const p of new Set(parents)) if (assetIds.has(p)) edges.push({ from: p, to: n.unique_id });
  }
  const md = m.metadata;
  const project: DbtProject = { schemaVersion: v.version, assets, monitors, edges };
  if (md.dbt_version) project.dbtVersion = md.dbt_version;
  if (md.generated_at) project.generatedAt = md.generated_at;
  if (md.invocation_id) project.invocationId = md.invocation_id;
  if (md.project_name) project.projectName = md.project_name;
  if (md.adapter_type) project.adapterType = md.adapter_type;
  return ok(project);
}
