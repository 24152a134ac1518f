import {
  BASE_FACET,
  DATASET_FACETS,
  DELETABLE_FACET,
  FACET_DEFS,
  JOB_FACETS,
  RUN_FACETS,
} from './schema-facets.js';

/**
 * Vigil's JSON Schemas for the three OpenLineage 2.x event kinds, written from the spec
 * (https://openlineage.io/spec/2-0-2/OpenLineage.json describes the same shapes). One schema per kind,
 * rather than one `oneOf`, so a bad event gets the errors of the kind it was meant to be and not
 * three lists of them; validate.ts applies the spec's "exactly one kind" rule itself.
 */

const uri = { type: 'string', format: 'uri' } as const;

const facetMap = (known: Record<string, object>, unknown: object) => ({
  type: 'object',
  properties: known,
  additionalProperties: unknown,
});

const baseEvent = {
  type: 'object',
  properties: {
    eventTime: { type: 'string', format: 'date-time' },
    producer: uri,
    schemaURL: uri,
  },
  required: ['eventTime', 'producer', 'schemaURL'],
};

const dataset = {
  type: 'object',
  properties: {
    namespace: { type: 'string' },
    name: { type: 'string' },
    facets: facetMap(DATASET_FACETS, DELETABLE_FACET),
  },
  required: ['namespace', 'name'],
};

const inputDataset = {
  allOf: [dataset, { type: 'object', properties: { inputFacets: facetMap(DATASET_FACETS, BASE_FACET) } }],
};
const outputDataset = {
  allOf: [dataset, { type: 'object', properties: { outputFacets: facetMap(DATASET_FACETS, BASE_FACET) } }],
};

const job = {
  type: 'object',
  properties: {
    namespace: { type: 'string' },
    name: { type: 'string' },
    facets: facetMap(JOB_FACETS, DELETABLE_FACET),
  },
  required: ['namespace', 'name'],
};

const run = {
  type: 'object',
  properties: {
    runId: { type: 'string', format: 'uuid' },
    facets: facetMap(RUN_FACETS, BASE_FACET),
  },
  required: ['runId'],
};

const datasets = {
  inputs: { type: 'array', items: inputDataset },
  outputs: { type: 'array', items: outputDataset },
};

const withDefs = (schema: object) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $defs: FACET_DEFS,
  ...schema,
});

export const RUN_EVENT_SCHEMA = withDefs({
  allOf: [
    baseEvent,
    {
      type: 'object',
      properties: {
        eventType: { type: 'string', enum: ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] },
        run,
        job,
        ...datasets,
      },
      required: ['run', 'job'],
    },
  ],
});

export const DATASET_EVENT_SCHEMA = withDefs({
  allOf: [baseEvent, { type: 'object', properties: { dataset }, required: ['dataset'] }],
});

export const JOB_EVENT_SCHEMA = withDefs({
  allOf: [baseEvent, { type: 'object', properties: { job, ...datasets }, required: ['job'] }],
});
