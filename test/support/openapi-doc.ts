import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build } from '../../src/server/app.js';
import { openStore } from '../../src/store/database.js';
import { testSecrets } from './stores.js';

/** A JSON Schema as @fastify/swagger writes it from the routes' zod schemas (OpenAPI 3.1). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** The server's live OpenAPI document, from an app on a fresh in-memory store. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const store = await openStore({ dataDir: 'memory' });
  try {
    await store.migrate();
    const app = await build({
      store,
      clock: new ManualClock(),
      log: pino({ level: 'silent' }),
      secrets: testSecrets,
      config: loadConfig({}, '/nonexistent'),
      version: 'test',
    });
    const doc = (await app.inject('/api/v1/openapi.json')).json() as OpenApiDocument;
    await app.close();
    return doc;
  } finally {
    await store.close();
  }
}
