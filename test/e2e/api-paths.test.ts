import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/database.js';
import { ENDPOINTS, SCHEMA_FIELDS } from '../../web/src/api/paths.js';
import { testSecrets } from '../support/stores.js';

/**
 * The web UI's API client is written by hand (web/src/api): every path it calls, and every
 * field it reads from the response schemas, must exist in the server's live OpenAPI document.
 */
interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

describe("the web client's endpoints and fields", () => {
  let store: Store;
  let doc: OpenApi;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory' });
    await store.migrate();
    const app = await build({
      store,
      clock: new ManualClock(),
      log: pino({ level: 'silent' }),
      secrets: testSecrets,
      config: loadConfig({}, '/nonexistent'),
      version: 'test',
    });
    doc = (await app.inject('/api/v1/openapi.json')).json() as OpenApi;
    await app.close();
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(Object.entries(ENDPOINTS).filter(([, e]) => !('later' in e)))('%s is served', (_, ep) => {
    expect(Object.keys(doc.paths[ep.path] ?? {}), ep.path).toContain(ep.method);
  });

  it.each(Object.entries(SCHEMA_FIELDS))('%s has the fields the UI reads', (name, fields) => {
    const schema = doc.components.schemas[name];
    expect(schema, name).toBeDefined();
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual([...fields].sort());
  });
});
