export { type AirflowClient, type AirflowPage, createAirflowClient } from './client.js';
export { mapDagRun, mapTaskInstance, runStatusOf } from './map.js';
export {
  listActiveDagRuns,
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
  type AirflowDagRun,
  type AirflowError,
  type AirflowResult,
  type AirflowTaskRun,
  START_CURSOR,
} from './types.js';
