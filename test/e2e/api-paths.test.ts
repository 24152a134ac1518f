import { beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, SCHEMA_FIELDS } from '../../web/src/api/paths.js';
import { type OpenApiDocument, openApiDocument } from '../support/openapi-doc.js';

/**
 * The web UI's API client is written by hand (web/src/api): every path it calls, and every
 * field it reads from the response schemas, must exist in the server's live OpenAPI document.
 * api-shapes.test.ts compares the client's types with the schemas field by field.
 */
describe("the web client's endpoints and fields", () => {
  let doc: OpenApiDocument;

  beforeAll(async () => {
    doc = await openApiDocument();
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
