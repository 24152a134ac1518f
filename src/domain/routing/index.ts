/**
 * Vigil's alert router: pure rules, no I/O and no clock (time is always passed in). Services
 * load config and state from the store, call these, and write outbox rows. docs/routing.md
 * describes the model and the YAML shape.
 *
 * Typical flow for one alert event at `now`:
 *   1. routes = matchRoutes(tree, alert.labels)
 *   2. per route: key = groupKey(route, alert.labels); load the group's state and alerts
 *   3. per alert of the group: suppressionOf(alert, route, ctx, now)
 *   4. plan = planGroupNotifications(state, alerts, now, { route, suppressed, workingHours })
 *   5. store plan.state; write plan.notification to the outbox for route.receivers;
 *      schedule a look at plan.nextCheckAt; delete the group when plan.finished
 */

// Alerts and severities
export {
  type AlertAnnotations,
  type AlertStatus,
  isAcknowledgedAt,
  isResolvedAt,
  type RoutableAlert,
  SEVERITY_POLICIES,
  type Severity,
  type SeverityPolicy,
  severityOf,
} from './alert.js';
// Durations (30s, 5m, 1h30m)
export { formatRouteDuration, parseRouteDuration } from './duration.js';
// Escalation
export {
  checkEscalationPolicy,
  type EscalationLevel,
  type EscalationPoint,
  type EscalationPolicy,
  type EscalationStep,
  escalationStep,
  MAX_ESCALATION_REPEAT,
} from './escalation.js';
// Grouping and notification planning
export {
  type GroupNotification,
  type GroupPlan,
  type GroupState,
  type GroupTimings,
  type HeldAlert,
  type NotificationReason,
  type PlanOptions,
  planGroupNotifications,
  type Suppression,
} from './group-plan.js';
// Inhibition
export {
  type InhibitRule,
  type InhibitRuleConfig,
  type Inhibition,
  inhibitedBy,
  parseInhibitRules,
} from './inhibition.js';
// Routing tree
export { groupKey, groupLabels, type MatchedRoute, matchRoutes } from './match-routes.js';
// Matchers
export {
  type CompiledMatcher,
  checkMatcher,
  compileMatcher,
  formatMatcher,
  formatMatchers,
  isCompiledMatcher,
  type Labels,
  MATCH_TYPES,
  type Matcher,
  type MatcherProblem,
  type MatchType,
  matcherMatches,
  matchesAll,
} from './matcher.js';
export { readMatcherConfig } from './matcher-config.js';
export {
  describeMatcherError,
  MAX_MATCHER_TEXT,
  type MatcherParseError,
  type MatcherParseResult,
  parseMatchers,
} from './matcher-parse.js';
// On-call
export {
  checkOnCallSchedule,
  type OnCall,
  type OnCallOverride,
  type OnCallSchedule,
  type OnCallShift,
  type Rotation,
  whoIsOnCall,
} from './on-call.js';
export { checkRegexSafety, MAX_REGEX_LENGTH, type RegexProblem } from './regex-guard.js';
export {
  MAX_ROUTE_DEPTH,
  parseRouteTree,
  type ResolvedRouteSettings,
  ROUTE_DEFAULTS,
  type RouteConfig,
  type RouteNode,
  type RouteTree,
  type RouteTreeOptions,
  type RouteTreeResult,
  validateRouteTree,
} from './route-tree.js';
// Silences and maintenance windows
export {
  checkSilence,
  closeBackfillWindows,
  isSilenced,
  type MaintenanceScope,
  type MaintenanceWindowInput,
  maintenanceWindow,
  nextSilenceChange,
  type Recurrence,
  type Silence,
  type SilenceKind,
  type SilenceState,
  silenceState,
  silenceSuppression,
} from './silence.js';
export { type SuppressionContext, suppressionOf } from './suppression.js';
// Time intervals (mute_time_intervals / active_time_intervals)
export {
  checkTimeIntervals,
  isInTimeInterval,
  routeTimeSuppression,
  type TimeInterval,
  timeIntervalEndsAt,
} from './time-intervals.js';
// Working hours (ticket delivery)
export {
  checkWorkingHours,
  isWithinWorkingHours,
  nextDeliveryTime,
  WEEKDAYS,
  type Weekday,
  type WorkingHours,
  workingHoursWindowAt,
} from './working-hours.js';
