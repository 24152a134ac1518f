import { createMonitor } from '../../src/services/monitors.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { buildTestApp, type TestApp } from './app.js';
import { openTestStore, type TestStore, testContext, testSecrets } from './stores.js';

/** A check result or a preview, as the API answers them. */
export interface CheckAnswer {
  status: string;
  observed: number | null;
  message: string;
}

/**
 * A Vigil server whose monitor runner watches DuckDB files: add a source per file, then run
 * custom SQL as a responder through the preview route or a saved monitor's "run now".
 */
export interface DuckDbWatch {
  h: TestApp;
  addSource(name: string, path: string, extra?: Record<string, unknown>): Promise<void>;
  /** POST /api/v1/monitors/preview with a custom_sql spec; the raw body comes back too. */
  preview(source: string, sql: string): Promise<{ code: number; body: string; answer: CheckAnswer }>;
  /** Saves a custom_sql monitor (as an admin would) and answers its id. */
  addMonitor(name: string, source: string, sql: string): Promise<string>;
  /** POST /api/v1/monitors/:id/run as a responder. */
  run(monitorId: string): Promise<{ code: number; body: string; answer: CheckAnswer }>;
  dispose(): Promise<void>;
}

export async function watchDuckDb(): Promise<DuckDbWatch> {
  const t: TestStore = await openTestStore('pglite');
  const ctx = testContext(t.store);
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const h = await buildTestApp(t.store, { runner: { sources, timeoutMs: 30_000, workerId: 'test' } });
  const answer = (r: { statusCode: number; body: string }) => ({
    code: r.statusCode,
    body: r.body,
    answer: JSON.parse(r.body) as CheckAnswer,
  });
  return {
    h,
    async addSource(name, path, extra = {}) {
      await createSource({ ctx, input: { name, kind: 'duckdb', config: { path, ...extra } } });
    },
    async preview(source, sql) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/v1/monitors/preview',
        headers: h.as.responder,
        payload: {
          kind: 'custom_sql',
          source,
          asset: 'main.events',
          config: { sql, bounds: { min: 0, max: 1e15 } },
        },
      });
      return answer(r);
    },
    async addMonitor(name, source, sql) {
      const m = await createMonitor({
        ctx,
        input: {
          name,
          kind: 'custom_sql',
          source,
          asset: 'main.events',
          config: { sql, bounds: { min: 0, max: 1e15 } },
          schedule: { every: '1h' },
          severity: 'log',
          labels: {},
          description: '',
          enabled: true,
        },
      });
      return m.id;
    },
    async run(monitorId) {
      const r = await h.app.inject({
        method: 'POST',
        url: `/api/v1/monitors/${monitorId}/run`,
        headers: h.as.responder,
      });
      return answer(r);
    },
    async dispose() {
      await h.app.close();
      await sources.closeAll();
      await t.dispose();
    },
  };
}
