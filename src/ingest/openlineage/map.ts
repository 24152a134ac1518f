import type { RunEventInput, RunEventType } from '../../domain/pipeline-run.js';
import { isRecord } from '../shared/result.js';
import type { Facets, OpenLineageDataset, OpenLineageEvent } from './types.js';

/** Datasets and jobs are named as OpenLineage names them: a namespace and a name within it. */
export interface DatasetRef {
  namespace: string;
  name: string;
}
export type JobRef = DatasetRef;

export interface ObservedDataset extends DatasetRef {
  role: 'input' | 'output' | 'static';
  /** Dataset facets merged with its input or output facets, unknown ones included. */
  facets: Facets;
}

export interface ColumnLineageMapping {
  /** Input column. */
  from: string;
  /** Output column. */
  to: string;
  /** DIRECT or INDIRECT, with subtype (IDENTITY, TRANSFORMATION, AGGREGATION, FILTER, JOIN …), when given. */
  transformation?: { type: string; subtype?: string };
}

export interface LineageEdge {
  from: DatasetRef;
  to: DatasetRef;
  /** Absent for dataset events, which state lineage without a job. */
  via?: JobRef;
  columns: ColumnLineageMapping[];
}

export interface SchemaField {
  name: string;
  type?: string;
  description?: string;
  position?: number;
  fields?: SchemaField[];
}

export interface SchemaSnapshot {
  dataset: DatasetRef;
  observedAt: string;
  fields: SchemaField[];
}

export interface VolumePoint {
  dataset: DatasetRef;
  observedAt: string;
  rowCount: number;
  bytes?: number;
  fileCount?: number;
  runId?: string;
}

export interface AssertionFailure {
  dataset: DatasetRef;
  observedAt: string;
  assertion: string;
  column?: string;
  severity?: string;
  name?: string;
  description?: string;
  expected?: string;
  actual?: string;
  runId?: string;
  job?: JobRef;
}

export interface RunObservation {
  runId: string;
  job: JobRef;
  eventType: RunEventType;
  eventTime: string;
  /** Feed to nextRunState() from domain/pipeline-run. */
  transition: RunEventInput;
  parent?: { runId: string; job: JobRef };
  root?: { runId: string; job: JobRef };
  nominalStartTime?: string;
  nominalEndTime?: string;
  error?: { message: string; programmingLanguage: string; stackTrace?: string };
}

export interface LineageObservation {
  kind: OpenLineageEvent['kind'];
  eventTime: string;
  producer: string;
  job?: JobRef & { facets: Facets };
  run?: RunObservation;
  datasets: ObservedDataset[];
  edges: LineageEdge[];
  schemas: SchemaSnapshot[];
  volumes: VolumePoint[];
  assertionFailures: AssertionFailure[];
}

const ref = (d: DatasetRef): DatasetRef => ({ namespace: d.namespace, name: d.name });
const sameRef = (a: DatasetRef, b: DatasetRef) => a.namespace === b.namespace && a.name === b.name;
const live = (f: Record<string, unknown> | undefined) => (f && f._deleted !== true ? f : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function mergedFacets(d: OpenLineageDataset): Facets {
  return { ...(d.facets ?? {}), ...(d.inputFacets ?? {}), ...(d.outputFacets ?? {}) };
}

function schemaFields(raw: unknown): SchemaField[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((f) => {
    const field: SchemaField = { name: String(f.name) };
    if (typeof f.type === 'string') field.type = f.type;
    if (typeof f.description === 'string') field.description = f.description;
    if (typeof f.ordinal_position === 'number') field.position = f.ordinal_position;
    if (Array.isArray(f.fields)) field.fields = schemaFields(f.fields);
    return field;
  });
}

/** Upstream datasets of one output, each with the column mappings the columnLineage facet states. */
function upstreamOf(
  output: ObservedDataset,
  inputs: DatasetRef[],
): Map<string, { from: DatasetRef; columns: ColumnLineageMapping[] }> {
  const key = (d: DatasetRef) => JSON.stringify([d.namespace, d.name]);
  const ups = new Map<string, { from: DatasetRef; columns: ColumnLineageMapping[] }>();
  for (const i of inputs) if (!sameRef(i, output)) ups.set(key(i), { from: ref(i), columns: [] });
  const fields = live(output.facets.columnLineage)?.fields;
  if (!isRecord(fields)) return ups;
  for (const [to, spec] of Object.entries(fields)) {
    if (!isRecord(spec) || !Array.isArray(spec.inputFields)) continue;
    for (const inField of spec.inputFields.filter(isRecord)) {
      const from = { namespace: String(inField.namespace), name: String(inField.name) };
      const entry = ups.get(key(from)) ?? { from, columns: [] };
      ups.set(key(from), entry);
      const mapping: ColumnLineageMapping = { from: String(inField.field), to };
      const t = Array.isArray(inField.transformations) ? inField.transformations.find(isRecord) : undefined;
      if (t && typeof t.type === 'string') {
        mapping.transformation = {
          type: t.type,
          ...(typeof t.subtype === 'string' ? { subtype: t.subtype } : {}),
        };
      }
      entry.columns.push(mapping);
    }
  }
  return ups;
}

function runOf(event: Extract<OpenLineageEvent, { kind: 'run' }>): RunObservation {
  const eventType = event.eventType ?? 'OTHER';
  const facets = event.run.facets ?? {};
  const run: RunObservation = {
    runId: event.run.runId,
    job: ref(event.job),
    eventType,
    eventTime: event.eventTime,
    transition: { type: eventType, time: event.eventTime },
  };
  const parent = facets.parent;
  if (parent && isRecord(parent.run) && isRecord(parent.job)) {
    run.parent = { runId: String(parent.run.runId), job: ref(parent.job as unknown as DatasetRef) };
    const root = parent.root;
    if (isRecord(root) && isRecord(root.run) && isRecord(root.job)) {
      run.root = { runId: String(root.run.runId), job: ref(root.job as unknown as DatasetRef) };
    }
  }
  const nominal = facets.nominalTime;
  if (nominal && typeof nominal.nominalStartTime === 'string') {
    run.nominalStartTime = nominal.nominalStartTime;
    if (typeof nominal.nominalEndTime === 'string') run.nominalEndTime = nominal.nominalEndTime;
  }
  const error = facets.errorMessage;
  if (error && typeof error.message === 'string') {
    run.error = { message: error.message, programmingLanguage: String(error.programmingLanguage) };
    if (typeof error.stackTrace === 'string') run.error.stackTrace = error.stackTrace;
  }
  return run;
}

/** Everything Vigil learns from one validated event, as plain values for the services to store. */
export function mapOpenLineageEvent(event: OpenLineageEvent): LineageObservation {
  const at = event.eventTime;
  const run = event.kind === 'run' ? runOf(event) : undefined;
  const job = event.kind === 'dataset' ? undefined : { ...ref(event.job), facets: event.job.facets ?? {} };
  const datasets: ObservedDataset[] =
    event.kind === 'dataset'
      ? [{ ...ref(event.dataset), role: 'static', facets: mergedFacets(event.dataset) }]
      : [
          ...event.inputs.map((d) => ({ ...ref(d), role: 'input' as const, facets: mergedFacets(d) })),
          ...event.outputs.map((d) => ({ ...ref(d), role: 'output' as const, facets: mergedFacets(d) })),
        ];
  const inputs = datasets.filter((d) => d.role === 'input');
  const obs: LineageObservation = {
    kind: event.kind,
    eventTime: at,
    producer: event.producer,
    ...(job ? { job } : {}),
    ...(run ? { run } : {}),
    datasets,
    edges: [],
    schemas: [],
    volumes: [],
    assertionFailures: [],
  };
  for (const d of datasets) {
    if (d.role !== 'input') {
      for (const up of upstreamOf(d, inputs).values()) {
        obs.edges.push({ from: up.from, to: ref(d), ...(job ? { via: ref(job) } : {}), columns: up.columns });
      }
    }
    const schema = live(d.facets.schema);
    if (schema && Array.isArray(schema.fields))
      obs.schemas.push({ dataset: ref(d), observedAt: at, fields: schemaFields(schema.fields) });
    const stats = d.role === 'output' ? live(d.facets.outputStatistics) : undefined;
    if (stats && typeof stats.rowCount === 'number') {
      const point: VolumePoint = { dataset: ref(d), observedAt: at, rowCount: stats.rowCount };
      if (typeof stats.size === 'number') point.bytes = stats.size;
      if (typeof stats.fileCount === 'number') point.fileCount = stats.fileCount;
      if (run) point.runId = run.runId;
      obs.volumes.push(point);
    }
    const assertions = live(d.facets.dataQualityAssertions)?.assertions;
    for (const a of Array.isArray(assertions) ? assertions.filter(isRecord) : []) {
      if (a.success !== false) continue;
      const failure: AssertionFailure = { dataset: ref(d), observedAt: at, assertion: String(a.assertion) };
      for (const k of ['column', 'severity', 'name', 'description', 'expected', 'actual'] as const) {
        const v = str(a[k]);
        if (v !== undefined) failure[k] = v;
      }
      if (run) failure.runId = run.runId;
      if (job) failure.job = ref(job);
      obs.assertionFailures.push(failure);
    }
  }
  return obs;
}
