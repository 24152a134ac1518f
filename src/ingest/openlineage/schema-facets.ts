/**
 * Vigil's JSON Schemas for the OpenLineage facets it reads, written from the spec
 * (https://openlineage.io/spec/facets/). Facets it does not know are still checked as base facets
 * (producer and schema URL) and kept as they came.
 */

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const uri = { type: 'string', format: 'uri' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const obj = (
  properties: Record<string, unknown>,
  required: string[] = [],
  extra: Record<string, unknown> = {},
) => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  ...extra,
});

export const BASE_FACET = obj({ _producer: uri, _schemaURL: uri }, ['_producer', '_schemaURL']);
/** Dataset and job facets may carry `_deleted` to retract an earlier facet. */
export const DELETABLE_FACET = { allOf: [BASE_FACET, obj({ _deleted: { type: 'boolean' } })] };

const facet = (base: object, body: object) => ({ allOf: [base, body] });

const inputField = obj(
  {
    namespace: str,
    name: str,
    field: str,
    transformations: {
      type: 'array',
      items: obj({ type: str, subtype: str, description: str, masking: { type: 'boolean' } }, ['type']),
    },
  },
  ['namespace', 'name', 'field'],
);

const schemaField: Record<string, unknown> = obj(
  {
    name: str,
    type: str,
    description: str,
    ordinal_position: int,
    fields: { type: 'array', items: { $ref: '#/$defs/SchemaField' } },
  },
  ['name'],
);

export const FACET_DEFS = { SchemaField: schemaField, BaseFacet: BASE_FACET };

export const RUN_FACETS: Record<string, object> = {
  parent: facet(
    BASE_FACET,
    obj(
      {
        run: obj(
          {
            runId: { type: 'string', format: 'uuid' },
            facets: { type: 'object', additionalProperties: BASE_FACET },
          },
          ['runId'],
        ),
        job: obj(
          { namespace: str, name: str, facets: { type: 'object', additionalProperties: DELETABLE_FACET } },
          ['namespace', 'name'],
        ),
        root: obj(
          {
            run: obj(
              {
                runId: { type: 'string', format: 'uuid' },
                facets: { type: 'object', additionalProperties: BASE_FACET },
              },
              ['runId'],
            ),
            job: obj(
              {
                namespace: str,
                name: str,
                facets: { type: 'object', additionalProperties: DELETABLE_FACET },
              },
              ['namespace', 'name'],
            ),
          },
          ['run', 'job'],
        ),
      },
      ['run', 'job'],
    ),
  ),
  errorMessage: facet(
    BASE_FACET,
    obj({ message: str, programmingLanguage: str, stackTrace: str }, ['message', 'programmingLanguage']),
  ),
  nominalTime: facet(
    BASE_FACET,
    obj({ nominalStartTime: dateTime, nominalEndTime: dateTime }, ['nominalStartTime']),
  ),
};

export const JOB_FACETS: Record<string, object> = {
  jobType: facet(
    DELETABLE_FACET,
    obj(
      {
        processingType: str,
        integration: str,
        jobType: str,
        emissionPattern: obj(
          { eventTrigger: str, eventContentMode: str, windowDuration: { type: 'integer', minimum: 1 } },
          ['eventTrigger', 'eventContentMode'],
        ),
      },
      ['processingType', 'integration'],
    ),
  ),
  sql: facet(DELETABLE_FACET, obj({ query: str, dialect: str }, ['query'])),
  documentation: facet(DELETABLE_FACET, obj({ description: str, contentType: str }, ['description'])),
  ownership: facet(
    DELETABLE_FACET,
    obj({ owners: { type: 'array', items: obj({ name: str, type: str }, ['name']) } }),
  ),
};

/** Dataset-level facets, accepted in `facets`, `inputFacets` and `outputFacets` alike. */
export const DATASET_FACETS: Record<string, object> = {
  schema: facet(DELETABLE_FACET, obj({ fields: { type: 'array', items: { $ref: '#/$defs/SchemaField' } } })),
  columnLineage: facet(
    DELETABLE_FACET,
    obj(
      {
        fields: {
          type: 'object',
          additionalProperties: obj(
            {
              inputFields: { type: 'array', items: inputField },
              transformationDescription: str,
              transformationType: str,
            },
            ['inputFields'],
          ),
        },
        dataset: { type: 'array', items: inputField },
      },
      ['fields'],
    ),
  ),
  dataQualityAssertions: facet(
    BASE_FACET,
    obj(
      {
        assertions: {
          type: 'array',
          items: obj(
            {
              assertion: str,
              success: { type: 'boolean' },
              column: str,
              severity: str,
              name: str,
              description: str,
              expected: str,
              actual: str,
              content: str,
              contentType: str,
              params: { type: 'object' },
            },
            ['assertion', 'success'],
          ),
        },
      },
      ['assertions'],
    ),
  ),
  dataQualityMetrics: facet(
    DELETABLE_FACET,
    obj(
      {
        rowCount: int,
        bytes: int,
        fileCount: int,
        lastUpdated: dateTime,
        columnMetrics: {
          type: 'object',
          additionalProperties: obj({
            nullCount: int,
            distinctCount: int,
            sum: num,
            count: num,
            min: num,
            max: num,
            quantiles: { type: 'object', additionalProperties: num },
          }),
        },
      },
      ['columnMetrics'],
    ),
  ),
  outputStatistics: facet(BASE_FACET, obj({ rowCount: int, size: int, fileCount: int })),
  symlinks: facet(
    DELETABLE_FACET,
    obj({
      identifiers: {
        type: 'array',
        items: obj({ namespace: str, name: str, type: str }, ['namespace', 'name', 'type']),
      },
    }),
  ),
  dataSource: facet(DELETABLE_FACET, obj({ name: str, uri })),
  documentation: facet(DELETABLE_FACET, obj({ description: str, contentType: str }, ['description'])),
  ownership: facet(
    DELETABLE_FACET,
    obj({ owners: { type: 'array', items: obj({ name: str, type: str }, ['name']) } }),
  ),
};
