/**
 * Every HTTP endpoint the UI calls, as OpenAPI path templates. The client builds URLs from these
 * only, and test/e2e/api-paths.test.ts checks each against the live OpenAPI document, so a
 * renamed route fails a test instead of a page. `later: true` marks areas whose API may not
 * exist yet: the UI probes them and says "not available yet" on a 404.
 */
export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  later?: boolean;
}

export const ENDPOINTS = {
  listTokens: { method: 'get', path: '/api/v1/tokens' },
  createToken: { method: 'post', path: '/api/v1/tokens' },
  revokeToken: { method: 'delete', path: '/api/v1/tokens/{id}' },
  listAudit: { method: 'get', path: '/api/v1/audit' },
  listSources: { method: 'get', path: '/api/v1/sources' },
  getSource: { method: 'get', path: '/api/v1/sources/{id}' },
  createSource: { method: 'post', path: '/api/v1/sources' },
  updateSource: { method: 'patch', path: '/api/v1/sources/{id}' },
  deleteSource: { method: 'delete', path: '/api/v1/sources/{id}' },
  sourceCosts: { method: 'get', path: '/api/v1/sources/costs' },
  listTrash: { method: 'get', path: '/api/v1/trash' },
  restoreTrash: { method: 'post', path: '/api/v1/trash/{kind}/{id}/restore' },
  listMonitors: { method: 'get', path: '/api/v1/monitors' },
  getMonitor: { method: 'get', path: '/api/v1/monitors/{id}' },
  createMonitor: { method: 'post', path: '/api/v1/monitors' },
  updateMonitor: { method: 'patch', path: '/api/v1/monitors/{id}' },
  deleteMonitor: { method: 'delete', path: '/api/v1/monitors/{id}' },
  runMonitor: { method: 'post', path: '/api/v1/monitors/{id}/run' },
  monitorMetrics: { method: 'get', path: '/api/v1/monitors/{id}/metrics' },
  monitorSchemaHistory: { method: 'get', path: '/api/v1/monitors/{id}/schema-history' },
  listChecks: { method: 'get', path: '/api/v1/checks' },
  listAlerts: { method: 'get', path: '/api/v1/alerts' },
  getAlert: { method: 'get', path: '/api/v1/alerts/{id}' },
  acknowledgeAlert: { method: 'post', path: '/api/v1/alerts/{id}/acknowledge' },
  resolveAlert: { method: 'post', path: '/api/v1/alerts/{id}/resolve' },
  listSilences: { method: 'get', path: '/api/v1/silences' },
  createSilence: { method: 'post', path: '/api/v1/silences' },
  expireSilence: { method: 'delete', path: '/api/v1/silences/{id}' },
  listChannels: { method: 'get', path: '/api/v1/channels' },
  createChannel: { method: 'post', path: '/api/v1/channels' },
  deleteChannel: { method: 'delete', path: '/api/v1/channels/{id}' },
  testChannel: { method: 'post', path: '/api/v1/channels/{id}/test' },
  getRouting: { method: 'get', path: '/api/v1/routing' },
  putRouting: { method: 'put', path: '/api/v1/routing' },
  listOutbox: { method: 'get', path: '/api/v1/outbox' },
  listIncidents: { method: 'get', path: '/api/v1/incidents' },
  declareIncident: { method: 'post', path: '/api/v1/incidents' },
  getIncident: { method: 'get', path: '/api/v1/incidents/{id}' },
  updateIncident: { method: 'patch', path: '/api/v1/incidents/{id}' },
  resolveIncident: { method: 'post', path: '/api/v1/incidents/{id}/resolve' },
  assignIncidentRole: { method: 'post', path: '/api/v1/incidents/{id}/roles' },
  incidentTimeline: { method: 'get', path: '/api/v1/incidents/{id}/timeline' },
  addIncidentNote: { method: 'post', path: '/api/v1/incidents/{id}/notes' },
  pinIncidentEvent: { method: 'post', path: '/api/v1/incidents/{id}/timeline/{eventId}/pin' },
  postIncidentUpdate: { method: 'post', path: '/api/v1/incidents/{id}/updates' },
  declareFromAlert: { method: 'post', path: '/api/v1/alerts/{id}/incident' },
  listAssets: { method: 'get', path: '/api/v1/assets' },
  getAsset: { method: 'get', path: '/api/v1/assets/{name}' },
  assetImpact: { method: 'get', path: '/api/v1/assets/{name}/impact' },
  assetHealth: { method: 'get', path: '/api/v1/assets/{name}/health' },
  lineage: { method: 'get', path: '/api/v1/lineage/{name}' },
  pipelineJobs: { method: 'get', path: '/api/v1/pipelines/jobs' },
  pipelineJobRuns: { method: 'get', path: '/api/v1/pipelines/jobs/{name}/runs' },
  pipelineHeatmap: { method: 'get', path: '/api/v1/pipelines/heatmap' },
  listSchedules: { method: 'get', path: '/api/v1/schedules' },
  listEscalationPolicies: { method: 'get', path: '/api/v1/escalation-policies' },
  listUsers: { method: 'get', path: '/api/v1/users' },
  createUser: { method: 'post', path: '/api/v1/users' },
  updateUser: { method: 'patch', path: '/api/v1/users/{id}' },
  login: { method: 'post', path: '/api/v1/login' },
  // Areas other parts of Vigil will serve; until then the UI shows an honest empty state.
  incidentBlastRadius: { method: 'get', path: '/api/v1/incidents/{id}/blast-radius' },
  incidentWhatChanged: { method: 'get', path: '/api/v1/incidents/{id}/what-changed' },
  assetRunbook: { method: 'get', path: '/api/v1/assets/{name}/runbook' },
  getPostmortem: { method: 'get', path: '/api/v1/incidents/{id}/postmortem' },
  draftPostmortem: { method: 'post', path: '/api/v1/incidents/{id}/postmortem' },
  editPostmortem: { method: 'patch', path: '/api/v1/incidents/{id}/postmortem' },
  postmortemMarkdown: { method: 'get', path: '/api/v1/incidents/{id}/postmortem.md' },
  listActionItems: { method: 'get', path: '/api/v1/incidents/{id}/action-items' },
  createActionItem: { method: 'post', path: '/api/v1/incidents/{id}/action-items' },
  updateActionItem: { method: 'patch', path: '/api/v1/action-items/{itemId}' },
  listSlos: { method: 'get', path: '/api/v1/slos' },
  sloStatus: { method: 'get', path: '/api/v1/slos/{name}/status' },
  sloHistory: { method: 'get', path: '/api/v1/slos/{name}/history' },
  sloEvents: { method: 'get', path: '/api/v1/slos/{name}/events' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Fills `{name}` placeholders, escaping each value, e.g. ('/a/{id}', { id: 'x/y' }) → '/a/x%2Fy'. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`missing path parameter ${key} for ${template}`);
    return encodeURIComponent(value);
  });
}

/**
 * Field names of the API's response schemas (components in the OpenAPI document), listed at run
 * time so the test can compare them with the document; types.ts declares the same fields.
 */
export const SCHEMA_FIELDS = {
  ApiToken: [
    'id',
    'name',
    'role',
    'prefix',
    'createdAt',
    'createdBy',
    'lastUsedAt',
    'expiresAt',
    'revokedAt',
  ],
  AuditEntry: ['id', 'at', 'actor', 'action', 'target', 'summary', 'before', 'after', 'requestId'],
  Source: ['id', 'name', 'kind', 'description', 'config', 'secretFields', 'createdAt', 'updatedAt'],
  TrashItem: ['kind', 'id', 'name', 'deletedAt', 'deletedBy', 'purgeAfter'],
  Monitor: [
    'id',
    'name',
    'kind',
    'sourceId',
    'asset',
    'config',
    'schedule',
    'severity',
    'owner',
    'labels',
    'runbook',
    'description',
    'enabled',
    'pausedReason',
    'origin',
    'lastStatus',
    'lastRunAt',
    'nextRunAt',
    'createdAt',
    'updatedAt',
  ],
  Alert: [
    'id',
    'fingerprint',
    'origin',
    'monitorId',
    'status',
    'severity',
    'title',
    'summary',
    'labels',
    'annotations',
    'startedAt',
    'lastSeenAt',
    'resolvedAt',
    'acknowledgedAt',
    'acknowledgedBy',
    'timeToAcknowledgeSeconds',
    'count',
  ],
  Silence: ['id', 'matchers', 'startsAt', 'endsAt', 'createdBy', 'comment', 'state'],
  Channel: ['id', 'name', 'kind', 'description', 'config', 'secretFields', 'createdAt', 'updatedAt'],
  CheckResult: [
    'id',
    'monitorId',
    'at',
    'status',
    'observed',
    'expected',
    'score',
    'message',
    'details',
    'durationMs',
    'cost',
  ],
} as const;
