import type { ValidateFunction } from 'ajv/dist/2020.js';
import { ajvFieldErrors, createAjv } from '../shared/ajv.js';
import { type FieldError, fail, isRecord, ok, type Parsed, toPointer } from '../shared/result.js';
import { storableJson } from '../shared/storable.js';
import { DATASET_EVENT_SCHEMA, JOB_EVENT_SCHEMA, RUN_EVENT_SCHEMA } from './schema-events.js';
import type { OpenLineageDataset, OpenLineageEvent, OpenLineageJob, OpenLineageRun } from './types.js';

type Kind = OpenLineageEvent['kind'];

let validators: Record<Kind, ValidateFunction> | undefined;
function compiled(): Record<Kind, ValidateFunction> {
  if (!validators) {
    const ajv = createAjv();
    validators = {
      run: ajv.compile(RUN_EVENT_SCHEMA),
      dataset: ajv.compile(DATASET_EVENT_SCHEMA),
      job: ajv.compile(JOB_EVENT_SCHEMA),
    };
  }
  return validators;
}

/**
 * The spec's rule that an event is exactly one kind: a DatasetEvent carries no job together with a run,
 * a JobEvent carries no run. A run plus a job makes a RunEvent whatever else is present.
 */
function matches(kind: Kind, event: Record<string, unknown>): boolean {
  if (kind === 'dataset' && 'job' in event && 'run' in event) return false;
  if (kind === 'job' && 'run' in event) return false;
  return compiled()[kind](event) === true;
}

/** The kind a sender most likely meant, to report that kind's errors only. */
function intendedKind(event: Record<string, unknown>): Kind | undefined {
  if ('run' in event) return 'run';
  if ('dataset' in event) return 'dataset';
  if ('job' in event) return 'job';
  return undefined;
}

const KIND_NAMES: Record<Kind, string> = { run: 'RunEvent', dataset: 'DatasetEvent', job: 'JobEvent' };

function shape(kind: Kind, e: Record<string, unknown>): OpenLineageEvent {
  const base = {
    eventTime: e.eventTime as string,
    producer: e.producer as string,
    schemaURL: e.schemaURL as string,
  };
  const inputs = (e.inputs ?? []) as OpenLineageDataset[];
  const outputs = (e.outputs ?? []) as OpenLineageDataset[];
  if (kind === 'run') {
    return {
      kind,
      ...base,
      ...(typeof e.eventType === 'string' ? { eventType: e.eventType as never } : {}),
      run: e.run as OpenLineageRun,
      job: e.job as OpenLineageJob,
      inputs,
      outputs,
    };
  }
  if (kind === 'job') return { kind, ...base, job: e.job as OpenLineageJob, inputs, outputs };
  return { kind, ...base, dataset: e.dataset as OpenLineageDataset };
}

/**
 * The most a dataset's or job's namespace and name may take together, in UTF-8 bytes. Names are
 * keys in the store's indexes, and an index row holds at most 2,704 bytes: a lineage edge keys on
 * three names. Real names (a table, an S3 prefix, an Airflow dag.task) are far shorter.
 */
export const MAX_NAME_BYTES = 800;

/**
 * Every namespace + name pair in the event (job, datasets, parent and root jobs, column lineage
 * inputs) that is too long to be a key, by the pointer of its name.
 */
function overlongNames(event: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
    if (!isRecord(v)) return;
    if (
      typeof v.namespace === 'string' &&
      typeof v.name === 'string' &&
      Buffer.byteLength(`${v.namespace}/${v.name}`) > MAX_NAME_BYTES
    ) {
      errors.push({
        path: toPointer([...path, 'name']),
        message: `with its namespace must be at most ${MAX_NAME_BYTES} bytes`,
      });
    }
    for (const [k, x] of Object.entries(v)) if (typeof x === 'object') walk(x, [...path, k]);
  };
  walk(event, []);
  return errors;
}

/** Validate one OpenLineage event against Vigil's schemas of spec 2.x. Never throws. */
export function parseOpenLineageEvent(body: unknown): Parsed<OpenLineageEvent> {
  const storable = storableJson(body);
  if (!storable.ok) return storable;
  const input = storable.value;
  if (!isRecord(input)) return fail([{ path: '', message: 'must be object' }]);
  const kinds = (['run', 'dataset', 'job'] as const).filter((k) => matches(k, input));
  if (kinds.length === 1) {
    const overlong = overlongNames(input);
    return overlong.length > 0 ? fail(overlong) : ok(shape(kinds[0]!, input));
  }
  if (kinds.length > 1) {
    return fail([
      { path: '', message: `is ambiguous: valid as both ${kinds.map((k) => KIND_NAMES[k]).join(' and ')}` },
    ]);
  }
  const kind = intendedKind(input);
  if (kind === undefined) {
    return fail([
      { path: '', message: 'must be a RunEvent (run and job), a JobEvent (job) or a DatasetEvent (dataset)' },
    ]);
  }
  const validate = compiled()[kind];
  validate(input);
  const errors: FieldError[] = ajvFieldErrors(validate);
  if (errors.length === 0) {
    // Valid on its own but excluded by the one-kind rule, e.g. a dataset with a run and no job.
    errors.push({ path: '', message: `is not a valid ${KIND_NAMES[kind]}` });
  }
  return fail(errors);
}

export interface BatchResult {
  accepted: { index: number; event: OpenLineageEvent }[];
  rejected: { index: number; errors: FieldError[] }[];
}

/** Many events at once: valid ones accepted, each invalid one reported by its index in the array. */
export function parseOpenLineageBatch(input: unknown): Parsed<BatchResult> {
  if (!Array.isArray(input)) return fail([{ path: '', message: 'must be array' }]);
  const result: BatchResult = { accepted: [], rejected: [] };
  input.forEach((item, index) => {
    const parsed = parseOpenLineageEvent(item);
    if (parsed.ok) result.accepted.push({ index, event: parsed.value });
    else result.rejected.push({ index, errors: parsed.errors });
  });
  return ok(result);
}
