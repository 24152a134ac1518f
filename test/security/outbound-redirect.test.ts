import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Receiver, type ReceivedRequest, startReceiver } from '../../src/notify/testing/receiver.js';
import { outboundPolicy } from '../../src/net/outbound-guard.js';
import { channelConfigSchema, createNotifier } from '../../src/notify/registry.js';
import { firingMessage, loopbackDeps } from '../../src/notify/testing/fixtures.js';
import { pollAirflow } from '../../src/services/pipelines/poll-airflow.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { createSource } from '../../src/services/sources.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import { buildTestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';

/**
 * The Airflow and Prometheus sources send credentials (basic auth, bearer tokens, custom headers)
 * to the URL an admin typed. A server at that URL must not be able to bounce Vigil, credentials
 * and all, to the cloud metadata service, to an internal address, or to another origin.
 */

const definitions = SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition);
const catalogAllowing = (allowCidrs: string[]) =>
  createSourceCatalog(definitions, { outbound: outboundPolicy({ allowCidrs }) });
/** The receivers live on 127.0.0.1, which an admin allowance opens exactly as in production. */
const LOOPBACK_ONLY = ['127.0.0.1/32'];

const SECRETS = {
  promToken: 'prom-t0ken-9f1c',
  tenant: 'tenant-secret-77aa',
  apiKey: 'api-k3y-51d0',
  password: 's3cret-airflow-pw',
  airflowToken: 'airflow-t0ken-e4b2',
};
const basic = Buffer.from(`vigil:${SECRETS.password}`).toString('base64');
const leaked = (requests: ReceivedRequest[]) => {
  const seen = JSON.stringify(requests);
  return [...Object.values(SECRETS), basic].filter((s) => seen.includes(s));
};

const promJson = JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '1'] } });
const airflowJson = JSON.stringify({ dags: [], dag_runs: [], task_instances: [], total_entries: 0 });
const json = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

let redirector: Receiver;
let recorder: Receiver;
/** Where the redirector sends every request it does not answer itself. */
let redirectTo = '';

beforeAll(async () => {
  recorder = await startReceiver({
    respond: (req) => json(req.path.startsWith('/api/v1/query') ? promJson : airflowJson),
  });
  redirector = await startReceiver({
    respond: (req) => {
      // Airflow 3 signs in here; the listing that follows is what gets redirected.
      if (req.path === '/auth/token' && !redirectTo.includes('/auth/token'))
        return json(JSON.stringify({ access_token: SECRETS.airflowToken }));
      const location = redirectTo.endsWith('/') ? `${redirectTo}${req.path.slice(1)}` : redirectTo;
      return { status: req.method === 'GET' ? 302 : 307, headers: { location } };
    },
  });
});
afterAll(async () => {
  await redirector?.close();
  await recorder?.close();
});
beforeEach(() => {
  recorder.requests.length = 0;
  redirector.requests.length = 0;
});

const prometheus = (allow = LOOPBACK_ONLY) =>
  catalogAllowing(allow).factory('prometheus', {
    url: redirector.origin,
    token: SECRETS.promToken,
    headers: { 'X-Scope-OrgID': SECRETS.tenant, 'X-Api-Key': SECRETS.apiKey },
    queryTimeoutMs: 3_000,
  });
const airflow = (version: 2 | 3, allow = LOOPBACK_ONLY) =>
  catalogAllowing(allow).factory('airflow', {
    url: redirector.origin,
    version,
    username: 'vigil',
    password: SECRETS.password,
    requestTimeoutMs: 3_000,
  });

describe('a redirect to the cloud metadata address', () => {
  beforeEach(() => {
    redirectTo = 'http://169.254.169.254/latest/meta-data/';
  });

  it('is refused at the hop for Prometheus, naming the address', async () => {
    const r = await prometheus().testConnection();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('OUTBOUND_REFUSED');
    expect(r.error.message).toMatch(/redirect refused.*169\.254\.169\.254.*metadata/);
    expect(redirector.requests).toHaveLength(1);
  });

  it.each([2, 3] as const)('is refused at the hop for Airflow %i', async (version) => {
    const r = await airflow(version).testConnection();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('OUTBOUND_REFUSED');
    expect(r.error.message).toMatch(/redirect refused.*169\.254\.169\.254.*metadata/);
  });
});

describe('a redirect to another origin', () => {
  it('Prometheus: the token and every configured header stay behind', async () => {
    redirectTo = `${recorder.origin}/`;
    const r = await prometheus().testConnection();
    expect(r.ok).toBe(true);
    expect(redirector.requests[0]?.headers['x-scope-orgid']).toBe(SECRETS.tenant);
    expect(recorder.requests.map((q) => q.path)).toEqual(['/api/v1/query']);
    expect(leaked(recorder.requests)).toEqual([]);
  });

  it('Airflow 2: basic auth stays behind', async () => {
    redirectTo = `${recorder.origin}/`;
    const r = await airflow(2).testConnection();
    expect(r.ok).toBe(true);
    expect(redirector.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expect(recorder.requests).toHaveLength(1);
    expect(leaked(recorder.requests)).toEqual([]);
  });

  it('Airflow 3: the bearer token stays behind', async () => {
    redirectTo = `${recorder.origin}/`;
    await airflow(3).testConnection();
    expect(recorder.requests.length).toBeGreaterThan(0);
    expect(leaked(recorder.requests)).toEqual([]);
  });

  it('Airflow 3: a sign-in redirected elsewhere is refused, the password is never resent', async () => {
    redirectTo = `${recorder.origin}/auth/token`;
    const r = await airflow(3).testConnection();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('OUTBOUND_REFUSED');
    expect(recorder.requests).toEqual([]);
  });

  it('a hop to a loopback address nobody allowed is refused before connecting', async () => {
    const elsewhere = await startReceiver({ host: '127.0.0.2', respond: () => json(promJson) });
    try {
      redirectTo = `${elsewhere.origin}/`;
      for (const source of [prometheus(), airflow(2)]) {
        const r = await source.testConnection();
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/redirect refused.*127\.0\.0\.2.*loopback/);
      }
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('redirects are followed a bounded number of times', async () => {
    redirectTo = `${redirector.origin}/`;
    const r = await airflow(2).testConnection();
    expect(r.ok).toBe(false);
    expect(redirector.requests.length).toBeLessThanOrEqual(6);
  });
});

describe('a webhook channel that follows redirects', () => {
  it('keeps every configured header with the configured origin; the signed payload still arrives', async () => {
    redirectTo = `${recorder.origin}/`;
    const channel = channelConfigSchema.parse({
      kind: 'webhook',
      url: `${redirector.origin}/hooks/vigil`,
      secret: 'whsec-0123456789abcdef',
      headers: { 'X-Api-Key': SECRETS.apiKey, 'X-Scope-OrgID': SECRETS.tenant },
      followRedirects: true,
    });
    const sent = await createNotifier(
      channel,
      loopbackDeps({ policy: outboundPolicy({ allowCidrs: LOOPBACK_ONLY }) }),
    ).send(firingMessage());
    expect(sent.ok).toBe(true);
    expect(redirector.requests[0]?.headers['x-api-key']).toBe(SECRETS.apiKey);
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]?.headers['x-vigil-signature']).toMatch(/^sha256=/);
    expect(leaked(recorder.requests)).toEqual([]);
  });
});

describe('a source URL naming a refused address', () => {
  it.each([
    ['prometheus', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254.*metadata/],
    ['prometheus', 'http://[fd00:ec2::254]/', /fd00:ec2::254.*metadata/],
    ['prometheus', 'http://metadata.google.internal/', /metadata host/],
    ['airflow', 'http://10.1.2.3:8080', /10\.1\.2\.3.*private/],
    ['airflow', 'http://127.0.0.1:8080', /127\.0\.0\.1.*loopback/],
  ])('%s at %s is refused when it is saved', (kind, url, reason) => {
    const v = catalogAllowing([]).validate(kind, { url, username: 'vigil', password: 'x' });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toContainEqual({ path: 'url', message: expect.stringMatching(reason) });
  });

  it('is accepted once an admin allows its range; metadata only by its exact address', () => {
    const fields = { url: 'http://10.1.2.3:8080', username: 'vigil', password: 'x' };
    expect(catalogAllowing(['10.0.0.0/8']).validate('airflow', fields).ok).toBe(true);
    const metadata = { url: 'http://169.254.169.254/' };
    expect(catalogAllowing(['169.254.0.0/16']).validate('prometheus', metadata).ok).toBe(false);
    expect(catalogAllowing(['169.254.169.254/32']).validate('prometheus', metadata).ok).toBe(true);
  });

  it('is refused when tested: a loopback Prometheus with no allowance answers OUTBOUND_REFUSED', async () => {
    const source = catalogAllowing([]).factory('prometheus', { url: recorder.origin });
    const r = await source.testConnection();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('OUTBOUND_REFUSED');
      expect(r.error.message).toMatch(/127\.0\.0\.1.*loopback.*allowOutboundCidrs/);
    }
    expect(recorder.requests).toEqual([]);
  });
});

describe('through the store and the API', { timeout: 180_000 }, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('pglite');
  }, 180_000);
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(() => {
    redirectTo = '';
  });

  it('POST /api/v1/sources answers 400 naming the field for a metadata URL', async () => {
    const a = await buildTestApp(t.store, { catalog: catalogAllowing([]) });
    try {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/sources',
        headers: a.as.admin,
        payload: { name: 'imds', kind: 'prometheus', config: { url: 'http://169.254.169.254/' } },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'body.config.url', message: expect.stringMatching(/metadata/) }],
      });
    } finally {
      await a.app.close();
    }
  });

  it('the Airflow poller (worker and poll route) is refused at the hop and leaks nothing', async () => {
    const catalog = catalogAllowing(LOOPBACK_ONLY);
    const ctx = { ...testContext(t.store), outbound: outboundPolicy({ allowCidrs: LOOPBACK_ONLY }) };
    const source = await createSource({
      ctx,
      input: {
        name: 'airflow-bounced',
        kind: 'airflow',
        config: { url: redirector.origin, version: 2, username: 'vigil', requestTimeoutMs: 3_000 },
        secrets: { password: SECRETS.password },
        validate: catalog.validate,
      },
    });
    redirectTo = 'http://169.254.169.254/latest/meta-data/';
    const bounced = await pollAirflow({ ctx, input: { source: source.id } });
    expect(bounced.status).toBe('failed');
    expect(bounced.error).toMatch(/redirect refused.*metadata/);

    redirectTo = `${recorder.origin}/`;
    await pollAirflow({ ctx, input: { source: source.id } });
    expect(recorder.requests.length).toBeGreaterThan(0);
    expect(leaked(recorder.requests)).toEqual([]);
  });
});
