import type { RunEventType } from '../../domain/pipeline-run.js';

/**
 * OpenLineage 2.x events as Vigil holds them once validated. Facets stay as they came, known or not,
 * so nothing a producer sent is lost; the mapper reads the ones Vigil understands.
 */
export type Facets = Record<string, Record<string, unknown>>;

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: Facets;
  inputFacets?: Facets;
  outputFacets?: Facets;
}

export interface OpenLineageJob {
  namespace: string;
  name: string;
  facets?: Facets;
}

export interface OpenLineageRun {
  runId: string;
  facets?: Facets;
}

interface BaseEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
}

export interface OpenLineageRunEvent extends BaseEvent {
  kind: 'run';
  /** Optional in the spec; a missing one is read as OTHER. */
  eventType?: RunEventType;
  run: OpenLineageRun;
  job: OpenLineageJob;
  inputs: OpenLineageDataset[];
  outputs: OpenLineageDataset[];
}

export interface OpenLineageJobEvent extends BaseEvent {
  kind: 'job';
  job: OpenLineageJob;
  inputs: OpenLineageDataset[];
  outputs: OpenLineageDataset[];
}

export interface OpenLineageDatasetEvent extends BaseEvent {
  kind: 'dataset';
  dataset: OpenLineageDataset;
}

export type OpenLineageEvent = OpenLineageRunEvent | OpenLineageJobEvent | OpenLineageDatasetEvent;
