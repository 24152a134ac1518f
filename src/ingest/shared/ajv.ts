import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { FORMATS } from './formats.js';
import type { FieldError } from './result.js';

/** One Ajv for Vigil's own inbound schemas: every error reported, Vigil's formats, no console noise. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
  for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
  return ajv;
}

function describe(e: ErrorObject): FieldError {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        path: `${e.instancePath}/${String(p.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: 'is required',
      };
    case 'format':
      return { path: e.instancePath, message: `must match format ${String(p.format)}` };
    case 'enum':
      return {
        path: e.instancePath,
        message: `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'type':
      return { path: e.instancePath, message: `must be ${String(p.type)}` };
    default:
      return { path: e.instancePath, message: e.message ?? e.keyword };
  }
}

/** Ajv's errors as field errors with JSON pointers, without the duplicates allOf branches produce. */
export function ajvFieldErrors(validate: ValidateFunction): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of validate.errors ?? []) {
    const f = describe(e);
    const key = `${f.path}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
