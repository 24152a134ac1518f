import { ENDPOINTS, type EndpointName, fillPath } from './paths.js';
import type {
  Alert,
  AlertDetail,
  AlertQuery,
  ApiToken,
  AuditEntry,
  Channel,
  ChannelInput,
  ChannelTestResult,
  CheckResult,
  ErrorBody,
  Items,
  MetricPoint,
  Monitor,
  MonitorInput,
  OutboxItem,
  Role,
  RoutingAnswer,
  RoutingConfig,
  SchemaSnapshot,
  Silence,
  SilenceInput,
  Source,
  SourceCost,
  SourceInput,
  TrashItem,
} from './types.js';

/** An answer that was not 2xx, carrying the API's stable code and its message for the reader. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A route that does not exist on this server (as opposed to a missing record). */
  get noRoute(): boolean {
    return this.status === 404 && this.message.startsWith('no route ');
  }
}

type Query = Record<string, string | number | undefined>;

function isErrorBody(v: unknown): v is ErrorBody {
  const e = (v as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}

export interface ClientOptions {
  token: string;
  /** Called when the server rejects the token, so the app can ask for a new one. */
  onUnauthorized?: (error: ApiError) => void;
  baseUrl?: string;
}

/** A small typed client over the HTTP API: one method per endpoint in paths.ts. */
export class VigilApi {
  constructor(private readonly opts: ClientOptions) {}

  async call<T>(
    name: EndpointName,
    params: { path?: Record<string, string>; query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const ep = ENDPOINTS[name];
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params.query ?? {}))
      if (v !== undefined && v !== '') qs.set(k, String(v));
    const url = `${this.opts.baseUrl ?? ''}${fillPath(ep.path, params.path)}${qs.toString() ? `?${qs}` : ''}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.opts.token}` };
    if (params.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method: ep.method.toUpperCase(),
        headers,
        body: params.body === undefined ? undefined : JSON.stringify(params.body),
      });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', `cannot reach the Vigil server: ${(e as Error).message}`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const err = isErrorBody(parsed)
        ? new ApiError(
            res.status,
            parsed.error.code,
            parsed.error.message,
            parsed.error.details,
            parsed.error.requestId,
          )
        : new ApiError(res.status, 'HTTP_ERROR', `the server answered ${res.status} ${res.statusText}`);
      if (res.status === 401) this.opts.onUnauthorized?.(err);
      throw err;
    }
    return parsed as T;
  }

  // tokens
  listTokens = () => this.call<Items<ApiToken>>('listTokens');
  createToken = (body: { name: string; role: Role; expiresAt?: string }) =>
    this.call<{ token: ApiToken; secret: string }>('createToken', { body });
  revokeToken = (id: string) => this.call<ApiToken>('revokeToken', { path: { id } });
  listAudit = (query: Query = {}) =>
    this.call<{ items: AuditEntry[]; nextBefore: number | null }>('listAudit', { query });

  // sources
  listSources = () => this.call<Items<Source>>('listSources');
  getSource = (id: string) => this.call<Source>('getSource', { path: { id } });
  createSource = (body: SourceInput) => this.call<Source>('createSource', { body });
  deleteSource = (id: string) => this.call<void>('deleteSource', { path: { id } });
  sourceCosts = (since?: string) =>
    this.call<{ since: string; items: SourceCost[] }>('sourceCosts', { query: { since } });

  // trash
  listTrash = (kind?: string) => this.call<Items<TrashItem>>('listTrash', { query: { kind } });
  restoreTrash = (kind: string, id: string) =>
    this.call<{ kind: string; id: string; name: string }>('restoreTrash', { path: { kind, id } });

  // monitors and checks
  listMonitors = (query: { source?: string; kind?: string; asset?: string; status?: string } = {}) =>
    this.call<Items<Monitor>>('listMonitors', { query });
  getMonitor = (id: string) => this.call<Monitor>('getMonitor', { path: { id } });
  createMonitor = (body: MonitorInput) => this.call<Monitor>('createMonitor', { body });
  updateMonitor = (id: string, body: Partial<Omit<MonitorInput, 'kind'>>) =>
    this.call<Monitor>('updateMonitor', { path: { id }, body });
  deleteMonitor = (id: string) => this.call<void>('deleteMonitor', { path: { id } });
  runMonitor = (id: string) => this.call<CheckResult>('runMonitor', { path: { id } });
  monitorMetrics = (id: string, query: { metric?: string; since?: string; limit?: number } = {}) =>
    this.call<Items<MetricPoint>>('monitorMetrics', { path: { id }, query });
  monitorSchemaHistory = (id: string) =>
    this.call<Items<SchemaSnapshot>>('monitorSchemaHistory', { path: { id } });
  listChecks = (query: { monitor?: string; status?: string; since?: string; limit?: number } = {}) =>
    this.call<Items<CheckResult>>('listChecks', { query });

  // alerts, silences, channels, routing and the outbox
  listAlerts = (query: AlertQuery = {}) => this.call<Items<Alert>>('listAlerts', { query: { ...query } });
  getAlert = (id: string) => this.call<AlertDetail>('getAlert', { path: { id } });
  acknowledgeAlert = (id: string) =>
    this.call<{ id: string; acknowledgedAt: string; acknowledgedBy: string }>('acknowledgeAlert', {
      path: { id },
    });
  resolveAlert = (id: string) => this.call<{ id: string; status: string }>('resolveAlert', { path: { id } });
  listSilences = () => this.call<Items<Silence>>('listSilences');
  createSilence = (body: SilenceInput) => this.call<{ id: string }>('createSilence', { body });
  expireSilence = (id: string) => this.call<void>('expireSilence', { path: { id } });
  listChannels = () => this.call<Items<Channel>>('listChannels');
  createChannel = (body: ChannelInput) => this.call<Channel>('createChannel', { body });
  deleteChannel = (id: string) => this.call<void>('deleteChannel', { path: { id } });
  testChannel = (id: string) => this.call<ChannelTestResult>('testChannel', { path: { id } });
  getRouting = () => this.call<RoutingAnswer>('getRouting');
  putRouting = (body: RoutingConfig) => this.call<{ ok: true }>('putRouting', { body });
  listOutbox = (query: { status?: 'pending' | 'sending' | 'sent' | 'dead'; limit?: number } = {}) =>
    this.call<Items<OutboxItem>>('listOutbox', { query });

  /** For areas other parts of Vigil will add: an answer, or `null` when the route is not there yet. */
  async probe(name: EndpointName): Promise<Items<unknown> | null> {
    try {
      return await this.call<Items<unknown>>(name);
    } catch (e) {
      if (e instanceof ApiError && e.noRoute) return null;
      throw e;
    }
  }
}
