import { guardedFetch } from '../../net/guarded-fetch.js';
import { isRecord } from '../shared/result.js';
import type { AirflowConnection, AirflowError, AirflowResult } from './types.js';

export interface AirflowPage {
  items: Record<string, unknown>[];
  totalEntries: number;
}

export interface AirflowClient {
  readonly version: 2 | 3;
  /** GET a list endpoint under /api/v1 or /api/v2, e.g. `dags/~/dagRuns`; `key` names the array in the body. */
  list(
    path: string,
    key: string,
    query: Record<string, string | number | string[]>,
  ): Promise<AirflowResult<AirflowPage>>;
}

/** Redirect hops followed (each re-checked by the guard), and the largest answer read. */
const MAX_REDIRECTS = 5;
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

const failure = <T>(error: AirflowError): AirflowResult<T> => ({ ok: false, error });

function statusError(status: number, what: string): AirflowError {
  if (status === 401 || status === 403) {
    return {
      kind: 'unauthorized',
      status,
      message: `Airflow refused the credentials (HTTP ${status}) for ${what}`,
    };
  }
  if (status === 404)
    return {
      kind: 'not_found',
      status,
      message: `Airflow has no ${what} (HTTP 404): check the URL and version`,
    };
  return { kind: 'server_error', status, message: `Airflow answered HTTP ${status} for ${what}` };
}

/**
 * A minimal client for Airflow's stable REST API: basic auth on Airflow 2 (/api/v1), a bearer token
 * from POST /auth/token on Airflow 3 (/api/v2), fetched on first use and once more when it expires.
 * Every request goes through the outbound guard: the URL and each redirect hop are checked, and
 * credentials never follow a redirect to another origin.
 */
export function createAirflowClient(conn: AirflowConnection): AirflowClient {
  const base = conn.baseUrl.replace(/\/+$/, '');
  const timeoutMs = conn.timeoutMs ?? 10_000;
  let token: string | undefined;

  async function send(
    url: string,
    init: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string; bodyIsSecret?: boolean },
    what: string,
  ): Promise<AirflowResult<unknown>> {
    const outcome = await guardedFetch(
      url,
      { method: 'GET', ...init, timeoutMs, maxRedirects: MAX_REDIRECTS, maxResponseBytes: MAX_ANSWER_BYTES },
      conn.policy,
    );
    if (!outcome.ok) {
      if (outcome.kind === 'timeout')
        return failure({
          kind: 'timeout',
          message: `Airflow at ${base} did not answer within ${timeoutMs} ms`,
        });
      if (outcome.kind === 'refused')
        return failure({
          kind: 'refused',
          message: `Airflow at ${base}: ${outcome.reason}; an admin may allow it in security.allowOutboundCidrs`,
        });
      return failure({ kind: 'unreachable', message: `cannot connect to Airflow at ${base}` });
    }
    const res = outcome.response;
    if (res.status < 200 || res.status > 299) return failure(statusError(res.status, what));
    if (res.truncated)
      return failure({
        kind: 'bad_response',
        message: `Airflow answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB for ${what}`,
      });
    try {
      return { ok: true, value: JSON.parse(res.body) as unknown };
    } catch {
      return failure({ kind: 'bad_response', message: `Airflow sent a body that is not JSON for ${what}` });
    }
  }

  async function authHeader(renew: boolean): Promise<AirflowResult<string>> {
    if (conn.version === 2) {
      return {
        ok: true,
        value: `Basic ${Buffer.from(`${conn.username}:${conn.password}`).toString('base64')}`,
      };
    }
    if (token === undefined || renew) {
      const r = await send(
        `${base}/auth/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ username: conn.username, password: conn.password }),
          // The password is in the body: a redirect to another origin is refused, never resent.
          bodyIsSecret: true,
        },
        'sign-in (/auth/token)',
      );
      if (!r.ok) return r;
      const t = isRecord(r.value) ? r.value.access_token : undefined;
      if (typeof t !== 'string' || t === '') {
        return failure({
          kind: 'bad_response',
          message: 'Airflow /auth/token answered without an access_token',
        });
      }
      token = t;
    }
    return { ok: true, value: `Bearer ${token}` };
  }

  return {
    version: conn.version,
    async list(path, key, query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
      }
      const url = `${base}/api/${conn.version === 3 ? 'v2' : 'v1'}/${path}?${params}`;
      let r: AirflowResult<unknown> | undefined;
      // Airflow 3 tokens expire; one fresh token is worth a retry, a second refusal is final.
      for (const renew of conn.version === 3 ? [false, true] : [false]) {
        const auth = await authHeader(renew);
        if (!auth.ok) return auth;
        r = await send(url, { headers: { authorization: auth.value, accept: 'application/json' } }, path);
        if (r.ok || r.error.kind !== 'unauthorized') break;
      }
      if (!r!.ok) return r as AirflowResult<never>;
      const body = r!.value;
      const items = isRecord(body) ? body[key] : undefined;
      if (!Array.isArray(items) || !items.every(isRecord)) {
        return failure({ kind: 'bad_response', message: `Airflow's ${path} answer has no ${key} list` });
      }
      const total =
        isRecord(body) && typeof body.total_entries === 'number' ? body.total_entries : items.length;
      return { ok: true, value: { items, totalEntries: total } };
    },
  };
}
