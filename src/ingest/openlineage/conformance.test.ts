import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../shared/formats.js';
import { FIXTURES, fixture } from './fixtures.test-support.js';
import { parseOpenLineageEvent } from './validate.js';

/**
 * Vigil's own schemas must accept and reject the same events as the official OpenLineage JSON
 * Schemas, vendored for this test in test/fixtures/openlineage-spec (not shipped with Vigil).
 * Facets Vigil does not know are checked as base facets only, so mutations stay within the facets
 * Vigil validates in depth (all those in the fixtures).
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const specDir = resolve(repoRoot, 'test/fixtures/openlineage-spec');
const CORE = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

type Json = unknown;
type Official = (event: Json) => boolean;

function loadOfficial(): Official {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
  ajv.addSchema(JSON.parse(readFileSync(join(specDir, 'OpenLineage.json'), 'utf8')));
  // Each facet file names its facet key(s) under `properties`; the facet's own definition is what a
  // value under that key must match (the files' root schemas are not meant for whole facet maps).
  const byPlace: Record<'run' | 'job' | 'dataset', { key: string; validate: ValidateFunction }[]> = {
    run: [],
    job: [],
    dataset: [],
  };
  for (const file of readdirSync(join(specDir, 'facets'))) {
    const schema = JSON.parse(readFileSync(join(specDir, 'facets', file), 'utf8'));
    ajv.addSchema(schema);
    const place = file.endsWith('RunFacet.json') ? 'run' : file.endsWith('JobFacet.json') ? 'job' : 'dataset';
    for (const key of Object.keys(schema.properties as object)) {
      byPlace[place].push({ key, validate: ajv.compile({ $ref: `${schema.$id}#/properties/${key}` }) });
    }
  }
  const core = ajv.getSchema(CORE)!;
  const kind = {
    run: ajv.compile({ $ref: `${CORE}#/$defs/RunEvent` }),
    job: ajv.compile({ $ref: `${CORE}#/$defs/JobEvent` }),
    dataset: ajv.compile({ $ref: `${CORE}#/$defs/DatasetEvent` }),
  };
  const facetsOk = (container: unknown, place: keyof typeof byPlace) => {
    const facets = (container ?? {}) as Record<string, unknown>;
    return byPlace[place].every(({ key, validate }) => !(key in facets) || validate(facets[key]));
  };
  const datasetOk = (d: Record<string, unknown>) =>
    facetsOk(d.facets, 'dataset') &&
    facetsOk(d.inputFacets, 'dataset') &&
    facetsOk(d.outputFacets, 'dataset');
  return (event) => {
    if (!core(event)) return false;
    const e = event as Record<string, Record<string, unknown> & Record<string, unknown>[]>;
    if (kind.dataset(event)) return datasetOk(e.dataset!);
    const ds = [...(e.inputs ?? []), ...(e.outputs ?? [])] as Record<string, unknown>[];
    if (!facetsOk(e.job!.facets, 'job') || !ds.every(datasetOk)) return false;
    return kind.job(event) || facetsOk(e.run!.facets, 'run');
  };
}

/** Every way to break one spot of an event: drop it, or put a value of another type there. */
function mutations(value: Json): Json[] {
  const out: Json[] = [];
  const replacements: Json[] = [null, 42, 'x', true, {}, [], '2026-13-01T00:00:00Z', 1.5];
  const walk = (node: Json, rebuild: (v: Json | undefined) => Json, root = false) => {
    for (const r of replacements) out.push(rebuild(r));
    if (!root) out.push(rebuild(undefined));
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        walk(child, (v) =>
          rebuild(v === undefined ? node.filter((_, j) => j !== i) : node.map((c, j) => (j === i ? v : c))),
        );
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        walk((node as Record<string, Json>)[key], (v) => {
          const copy: Record<string, Json> = { ...(node as Record<string, Json>) };
          if (v === undefined) delete copy[key];
          else copy[key] = v;
          return rebuild(copy);
        });
      }
    }
  };
  walk(value, (v) => v, true);
  return out;
}

describe('conformance with the official OpenLineage schemas', () => {
  const official = loadOfficial();
  const vigil = (e: Json) => parseOpenLineageEvent(e).ok;

  it.each(FIXTURES)('agrees on every single-spot mutation of %s', (name) => {
    const event = fixture(name);
    expect(official(event)).toBe(true);
    const all = mutations(event);
    // Sanity: the mutations must really break events, or agreement proves nothing.
    expect(all.filter((m) => !official(m)).length).toBeGreaterThan(all.length / 4);
    const disagreements = all
      .filter((m) => official(m) !== vigil(m))
      .map((m) => ({ official: official(m), event: JSON.stringify(m).slice(0, 400) }));
    expect(disagreements).toEqual([]);
  });

  it('agrees on events broken in several spots at once', () => {
    const pool = FIXTURES.flatMap((n) => mutations(fixture(n)));
    const twice = fc.integer({ min: 0, max: pool.length - 1 }).chain((i) => {
      const second = mutations(pool[i]);
      return fc.constantFrom(...(second.length > 0 ? second : [pool[i]]));
    });
    fc.assert(
      fc.property(twice, (event) => {
        expect(vigil(event)).toBe(official(event));
      }),
      { numRuns: 400 },
    );
  });
});
