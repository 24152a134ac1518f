export { type AirflowClient, type AirflowPage, createAirflowClient } from './client.js';
export { mapDag, mapDagRun, mapTaskInstance, runStatusOf } from './map.js';
export {
  listActiveDagRuns,
  listDags,
  type PollOptions,
  type PollResult,
  pollDagRuns,
  pollTaskInstances,
} from './poll.js';
export {
  checkRunDeadline,
  type DeadlineOptions,
  type DeadlineVerdict,
  type RunHeatmap,
  runsByHourAndWeekday,
} from './schedule.js';
export {
  type AirflowConnection,
  type AirflowCursor,
  type AirflowDag,
  type AirflowDagRun,
  type AirflowError,
  type AirflowResult,
  type AirflowTaskRun,
  START_CURSOR,
} from './types.js';
