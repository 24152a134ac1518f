export type {
  AssertionFailure,
  ColumnLineageMapping,
  DatasetRef,
  JobRef,
  LineageEdge,
  LineageObservation,
  ObservedDataset,
  RunObservation,
  SchemaField,
  SchemaSnapshot,
  VolumePoint,
} from './map.js';
export { mapOpenLineageEvent } from './map.js';
export type {
  Facets,
  OpenLineageDataset,
  OpenLineageDatasetEvent,
  OpenLineageEvent,
  OpenLineageJob,
  OpenLineageJobEvent,
  OpenLineageRun,
  OpenLineageRunEvent,
} from './types.js';
export { type BatchResult, parseOpenLineageBatch, parseOpenLineageEvent } from './validate.js';
