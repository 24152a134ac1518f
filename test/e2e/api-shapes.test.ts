import { resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../web/src/api/paths.js';
import { type ClientCall, findClientCalls } from '../support/client-calls.js';
import { type OpenApiDocument, openApiDocument } from '../support/openapi-doc.js';
import { SchemaFit } from '../support/schema-fit.js';

/**
 * The web UI's API client is typed by hand (web/src/api/types*.ts). Every typed call it makes,
 * `api.call<T>('endpoint', { query, body })` in web/src, is compared with the live OpenAPI
 * document field by field: the answer's schema must fit T, the body and query it sends must be
 * what the route takes. A field renamed on the server and not in the client fails here.
 */
const web = resolve(import.meta.dirname, '..', '..', 'web');
const { checker, calls } = findClientCalls(web);

function mismatches(doc: OpenApiDocument, call: ClientCall): string[] {
  const ep = (ENDPOINTS as Record<string, { method: string; path: string }>)[call.endpoint];
  if (!ep) return [`${call.endpoint}: not in web/src/api/paths.ts`];
  const op = doc.paths[ep.path]?.[ep.method];
  if (!op) return [`${ep.method.toUpperCase()} ${ep.path}: not served`];
  const fit = new SchemaFit(checker, doc.components.schemas);
  const errors: string[] = [];

  const answers = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
  if (!(call.response.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) {
    const json = answers.filter(([, r]) => r.content?.['application/json']?.schema);
    if (json.length === 0) errors.push('answer: the server sends no JSON, the client expects some');
    for (const [code, r] of json)
      errors.push(
        ...fit.answer(r.content?.['application/json']?.schema ?? {}, call.response, `answer ${code}`),
      );
  }

  const body = op.requestBody?.content?.['application/json']?.schema;
  if (call.body) {
    if (body) errors.push(...fit.request(call.body, body, 'body'));
    else errors.push('body: the server takes none, the client sends one');
  } else if (op.requestBody?.required) errors.push('body: the server requires one, the client sends none');

  const params = (op.parameters ?? []).filter((p) => p.in === 'query');
  const sent = call.query ? checker.getPropertiesOfType(call.query) : [];
  // A query typed as a plain record (listAudit's filters) names no keys to compare.
  const open = call.query !== undefined && sent.length === 0;
  // Query values travel as text and the server answers 400 naming a bad one, so only the names
  // and which are required are compared.
  for (const p of sent)
    if (!params.some((q) => q.name === p.name))
      errors.push(`query.${p.name}: the server has no such parameter`);
  for (const param of params.filter((q) => q.required && !open)) {
    const p = sent.find((s) => s.name === param.name);
    if (!p) errors.push(`query.${param.name}: the server requires it, the client sends none`);
    else if (p.flags & ts.SymbolFlags.Optional)
      errors.push(`query.${param.name}: the server requires it, the client type makes it optional`);
  }
  return errors;
}

describe("the web client's types against the OpenAPI document", () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = await openApiDocument();
  });

  it('finds the typed calls of the client and the pages', () => {
    const names = new Set(calls.map((c) => c.endpoint));
    for (const name of ['getMonitor', 'createMonitor', 'listIncidents', 'getPostmortem', 'sloStatus'])
      expect(names, name).toContain(name);
    expect(calls.length).toBeGreaterThan(60);
  });

  it.each(calls.map((c) => [`${c.endpoint} (${c.where})`, c] as const))(
    '%s agrees with the route',
    (_, call) => {
      const found = mismatches(doc, call);
      // The message lists every mismatch in full, one a line: what to fix, and where.
      expect(found, `\n${found.join('\n')}\n`).toEqual([]);
    },
  );

  it('fails when the server renames a field the client reads or sends', () => {
    const renamed = structuredClone(doc);
    const monitor = renamed.components.schemas.Monitor;
    const props = monitor?.properties ?? {};
    props.lastRanAt = props.lastRunAt ?? {};
    delete props.lastRunAt;
    monitor!.required = monitor?.required?.map((r) => (r === 'lastRunAt' ? 'lastRanAt' : r));
    const get = calls.find((c) => c.endpoint === 'getMonitor')!;
    expect(mismatches(renamed, get)).toContain(
      "answer 200.lastRunAt: the client type has it, the server's schema does not",
    );

    const input = renamed.paths['/api/v1/monitors']?.post?.requestBody?.content?.['application/json']?.schema;
    const fields = input?.properties ?? {};
    fields.sourceId = fields.source ?? {};
    delete fields.source;
    input!.required = input?.required?.map((r) => (r === 'source' ? 'sourceId' : r));
    const create = calls.find((c) => c.endpoint === 'createMonitor')!;
    // A field that may now be null, and a new enum value: both answers the client cannot read.
    props.nextRunAt = { anyOf: [props.nextRunAt ?? {}, { type: 'null' }] };
    const alert = renamed.components.schemas.Alert?.properties?.status;
    alert?.enum?.push('flapping');
    expect(mismatches(renamed, get)).toContain(
      'answer 200.nextRunAt: the server may send null, the client type is string',
    );
    const alerts = calls.find((c) => c.endpoint === 'listAlerts')!;
    expect(mismatches(renamed, alerts)).toEqual([
      'answer 200.items[].status: the server may send flapping, the client type is "firing" | "resolved"',
    ]);
    expect(mismatches(renamed, create)).toEqual([
      'body.source: the server does not know this field',
      'body.sourceId: the server requires it, the client type lacks it',
    ]);
  });
});
