import { type Document, isNode, LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import type { SliSpec } from '../../domain/slo/model.js';
import { yamlValue } from '../shared/yaml.js';
import { slosFromSloth, slothSchema } from '../sloth/map.js';
import { indicatorFromOpenSlo, OpenSloMapError, sloFromOpenSlo } from './map.js';
import { type OpenSliSpec, sliDocSchema, sloDocSchema } from './schema.js';

export interface SloFileProblem {
  line: number | null;
  /** Key path inside the document, e.g. spec.timeWindow[0].duration. */
  path: string;
  message: string;
}

export interface SloFileEntry {
  /** Vigil SLO input, still to validate against the SLO schema. */
  input: Record<string, unknown>;
  line: number;
  format: 'openslo/v1' | 'prometheus/v1';
}

const keyPath = (path: ReadonlyArray<PropertyKey>) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');

/** The line of the deepest node on `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as Array<string | number>, true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Reads a YAML file of OpenSLO v1 documents (SLO, and SLI ones that SLOs name with
 * indicatorRef; other kinds are skipped) or a Sloth `prometheus/v1` spec. Every problem carries
 * its key path and line, and nothing is returned when there is one.
 */
export function readSloFile(text: string): { entries: SloFileEntry[]; problems: SloFileProblem[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const problems: SloFileProblem[] = [];
  if (!Array.isArray(docs))
    return { entries: [], problems: [{ line: null, path: '', message: 'not YAML documents' }] };
  for (const d of docs) {
    for (const e of d.errors)
      problems.push({ line: e.linePos?.[0].line ?? null, path: '', message: e.message });
  }
  if (problems.length > 0) return { entries: [], problems };

  const check = <T>(doc: Document, schema: z.ZodType<T>, value: unknown): T | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues) {
      problems.push({ line: lineOf(doc, lines, i.path), path: keyPath(i.path), message: i.message });
    }
    return undefined;
  };
  const lineAt = (doc: Document) => lineOf(doc, lines, []) ?? 1;

  const values: Array<{ doc: Document; value: Record<string, unknown> | null }> = [];
  for (const doc of docs) {
    const read = yamlValue(doc, lines);
    if (!read.ok) return { entries: [], problems: [{ line: read.line, path: '', message: read.message }] };
    values.push({ doc, value: read.value as Record<string, unknown> | null });
  }
  const entries: SloFileEntry[] = [];
  const slis = new Map<string, OpenSliSpec>();
  for (const { doc, value } of values) {
    if (value?.apiVersion === 'openslo/v1' && value.kind === 'SLI') {
      const sli = check(doc, sliDocSchema, value);
      if (sli) slis.set(sli.metadata.name, sli.spec);
    }
  }
  for (const { doc, value } of values) {
    if (value === null || typeof value !== 'object') continue;
    if (value.version === 'prometheus/v1') {
      const spec = check(doc, slothSchema, value);
      if (spec)
        for (const input of slosFromSloth(spec))
          entries.push({ input, line: lineAt(doc), format: 'prometheus/v1' });
      continue;
    }
    if (value.apiVersion !== 'openslo/v1') {
      problems.push({
        line: lineAt(doc),
        path: 'apiVersion',
        message: 'neither openslo/v1 nor a Sloth prometheus/v1 spec',
      });
      continue;
    }
    if (value.kind !== 'SLO') continue; // Service, SLI, AlertPolicy… carry nothing Vigil keeps on its own
    const slo = check(doc, sloDocSchema, value);
    if (!slo) continue;
    try {
      let indicator: SliSpec;
      if (slo.spec.indicator)
        indicator = indicatorFromOpenSlo(slo.spec.indicator.spec, ['spec', 'indicator', 'spec']);
      else {
        const ref = slis.get(slo.spec.indicatorRef as string);
        if (!ref) {
          problems.push({
            line: lineOf(doc, lines, ['spec', 'indicatorRef']),
            path: 'spec.indicatorRef',
            message: `no SLI named ${slo.spec.indicatorRef} in this file`,
          });
          continue;
        }
        indicator = indicatorFromOpenSlo(ref, ['spec', 'indicatorRef']);
      }
      entries.push({ input: sloFromOpenSlo(slo, indicator), line: lineAt(doc), format: 'openslo/v1' });
    } catch (error) {
      if (!(error instanceof OpenSloMapError)) throw error;
      problems.push({
        line: lineOf(doc, lines, error.problem.path),
        path: keyPath(error.problem.path),
        message: error.message,
      });
    }
  }
  return problems.length > 0 ? { entries: [], problems } : { entries, problems };
}
