import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { readSloFile } from '../../src/ingest/openslo/documents.js';
import { importSlos } from '../../src/services/slo/import-slos.js';
import { fuzzIntake, mutatedBody } from '../support/fuzz.js';
import { openTestStore, type TestStore, testContext } from '../support/stores.js';

/**
 * OpenSLO v1 and Sloth prometheus/v1 files, fuzzed through what `vigil slo import` does (there is
 * no HTTP import route): readSloFile, then importSlos. Reading never throws; a file it refuses, or
 * one the import refuses (a coded 4xx AppError), stores nothing; an accepted file stores its SLOs.
 */
describe('fuzzing OpenSLO and Sloth import', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('pglite');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const fixture = (name: string) => readFileSync(new URL(`../slo/fixtures/${name}`, import.meta.url), 'utf8');
  const files = [fixture('openslo.yaml'), fixture('sloth.yaml')];
  // Each document of each file, to break one while the rest of its file stays whole (so SLIs
  // named by indicatorRef are still there).
  const docs = files.flatMap((text) => {
    const all = parseAllDocuments(text) as unknown as Array<{ toJS(): unknown }>;
    return all.map((d, i) => ({
      doc: d.toJS(),
      rest: all
        .filter((_, j) => j !== i)
        .map((x) => stringify(x.toJS()))
        .join('---\n'),
    }));
  });

  const text = fc.oneof(
    // One document broken as JSON (YAML reads JSON), the rest of its file as it was.
    {
      weight: 4,
      arbitrary: fc.nat({ max: docs.length - 1 }).chain((i) =>
        mutatedBody([docs[i]!.doc]).map((b) => ({
          text: `${docs[i]!.rest}${docs[i]!.rest ? '---\n' : ''}${b.payload.toString()}\n`,
          kind: `doc ${b.kind}`,
        })),
      ),
    },
    // The real files with bytes cut out or spliced in: indentation, anchors, tags, quotes.
    {
      weight: 2,
      arbitrary: fc
        .record({
          file: fc.constantFrom(...files),
          at: fc.nat(),
          cut: fc.nat({ max: 40 }),
          insert: fc.oneof(
            fc.string({ unit: 'binary', maxLength: 20 }),
            fc.constantFrom(
              '&a ',
              '*a',
              '!!binary ',
              '!!js/function ',
              '<<: *a\n',
              '\t',
              '\u0000',
              '{',
              '- ',
              ': ',
            ),
          ),
        })
        .map(({ file, at, cut, insert }) => {
          const i = at % file.length;
          return { text: file.slice(0, i) + insert + file.slice(i + cut), kind: 'spliced' };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((s) => ({ text: s, kind: 'random' })),
    },
  );

  it('reads any file without throwing, and an import it refuses stores nothing', async () => {
    const ctx = testContext(t.store);
    await fuzzIntake({
      label: 'OpenSLO/Sloth import',
      store: t.store,
      input: text,
      kindOf: (x) => x.kind.split(' ')[0]!,
      numRuns: 150,
      send: async ({ text }) => {
        const { entries, problems } = readSloFile(text);
        if (problems.length > 0) return { statusCode: 400, body: '{"error":{"code":"VALIDATION_FAILED"}}' };
        if (entries.length === 0) return { statusCode: 204, body: '' };
        try {
          const result = await importSlos({
            ctx,
            input: { slos: entries.map((e) => ({ input: e.input, label: `line ${e.line}` })) },
          });
          return { statusCode: 200, body: JSON.stringify(result) };
        } catch (error) {
          // The CLI prints an AppError's message; anything else would be a stack trace.
          if (!(error instanceof AppError)) throw error;
          return { statusCode: error.status, body: JSON.stringify({ error: { code: error.code } }) };
        }
      },
      accepted: async (_input, res) => {
        if (res.statusCode === 204) return;
        const result = JSON.parse(res.body) as { created: string[]; updated: string[] };
        for (const name of [...result.created, ...result.updated]) {
          const stored = await t.store.db
            .selectFrom('slos')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirst();
          expect(stored, `SLO ${name} was reported but not stored`).toBeDefined();
        }
      },
    });
  });
});
