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
 */
export function createAirflowClient(conn: AirflowConnection): AirflowClient {
  const base = conn.baseUrl.replace(/\/+$/, '');
  const timeoutMs = conn.timeoutMs ?? 10_000;
  let token: string | undefined;

  async function send(url: string, init: RequestInit, what: string): Promise<AirflowResult<unknown>> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        return failure({
          kind: 'timeout',
          message: `Airflow at ${base} did not answer within ${timeoutMs} ms`,
        });
      }
      return failure({ kind: 'unreachable', message: `cannot connect to Airflow at ${base}` });
    }
    if (!res.ok) {
      await res.body?.cancel();
      return failure(statusError(res.status, what));
    }
    try {
      return { ok: true, value: (await res.json()) as unknown };
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
