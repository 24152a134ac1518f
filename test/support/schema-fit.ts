import ts from 'typescript';
import type { JsonSchema } from './openapi-doc.js';

/**
 * Compares TypeScript types (as the compiler sees them) with JSON Schemas from the OpenAPI
 * document, in the direction data flows:
 * - an answer: every value the server's schema allows must fit the client's type, field by
 *   field (a client field the schema lacks, a null or an omission the client does not expect,
 *   a string where the client expects a few literals: each is a mismatch);
 * - a request: every value the client's type allows must be taken by the server's schema (a
 *   field the server does not know, a required field the client may leave out, a free string
 *   where the server takes an enum: each is a mismatch).
 * `unknown` on either side and the schema `{}` are not checked further. Answers are lists of
 * "path: what is wrong", empty when the two agree.
 */
type Kind = 'any' | 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

export class SchemaFit {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly components: Record<string, JsonSchema>,
  ) {}

  /** Can every value the server sends under `schema` be read as `type`? */
  answer(schema: JsonSchema, type: ts.Type, path: string): string[] {
    if (anyish(type)) return [];
    const members = definedMembers(type);
    return this.branches(schema).flatMap((b) => this.answerBranch(b, members, path));
  }

  /** Does the server take every value the client may send as `type`? */
  request(type: ts.Type, schema: JsonSchema, path: string): string[] {
    if (anyish(type)) return [];
    const branches = this.branches(schema);
    if (branches.some((b) => kindOf(b) === 'any')) return [];
    return collapseBooleans(definedMembers(type)).flatMap((m) => {
      const kind = m === 'boolean' ? 'boolean' : this.kindOfType(m);
      const fitting = branches.filter((b) => kindOf(b) === kind);
      const shown = m === 'boolean' ? 'boolean' : this.show(m);
      if (fitting.length === 0) return [`${path}: the server does not take ${shown}`];
      if (m === 'boolean' || kind === 'null') return [];
      if (kind === 'string' || kind === 'number' || kind === 'boolean') {
        if (!m.isLiteral() && !(m.flags & ts.TypeFlags.BooleanLiteral)) {
          if (fitting.every((b) => allowed(b) !== undefined))
            return [
              `${path}: the server takes only ${fitting.map((b) => allowed(b)?.join(' | '))}, the client any ${kind}`,
            ];
          return [];
        }
        const value = literalValue(m);
        const ok = fitting.some((b) => allowed(b)?.includes(value) ?? true);
        return ok ? [] : [`${path}: the server does not take ${shown}`];
      }
      return this.best(fitting.map((b) => () => this.requestComposite(m, b, kind, path)));
    });
  }

  private requestComposite(m: ts.Type, b: JsonSchema, kind: Kind, path: string): string[] {
    if (kind === 'array') return this.request(this.elementType(m), b.items ?? {}, `${path}[]`);
    const errors: string[] = [];
    const optional = new Set<string>();
    const names = new Set<string>();
    const fields = this.checker.getPropertiesOfType(m);
    // A plain record (`Record<string, unknown>`) names no fields: the server's validation is the check.
    if (fields.length === 0 && this.checker.getIndexInfosOfType(m).length > 0) return [];
    for (const p of fields) {
      names.add(p.name);
      const t = this.checker.getTypeOfSymbol(p);
      if (p.flags & ts.SymbolFlags.Optional || hasUndefined(t)) optional.add(p.name);
      const field = b.properties?.[p.name];
      const extra = typeof b.additionalProperties === 'object' ? b.additionalProperties : undefined;
      if (field) errors.push(...this.request(t, field, `${path}.${p.name}`));
      else if (extra) errors.push(...this.request(t, extra, `${path}.${p.name}`));
      else errors.push(`${path}.${p.name}: the server does not know this field`);
    }
    for (const r of b.required ?? []) {
      if (!names.has(r)) errors.push(`${path}.${r}: the server requires it, the client type lacks it`);
      else if (optional.has(r))
        errors.push(`${path}.${r}: the server requires it, the client type makes it optional`);
    }
    return errors;
  }

  private answerBranch(b: JsonSchema, members: ts.Type[], path: string): string[] {
    const kind = kindOf(b);
    if (kind === 'any') return [];
    const fitting = members.filter((m) => this.kindOfType(m) === kind);
    const client = members.map((m) => this.show(m)).join(' | ') || 'undefined';
    if (kind === 'null')
      return fitting.length ? [] : [`${path}: the server may send null, the client type is ${client}`];
    if (fitting.length === 0)
      return [`${path}: the server sends ${describe(b)}, the client type is ${client}`];
    if (kind === 'boolean') {
      if (fitting.some((m) => !(m.flags & ts.TypeFlags.BooleanLiteral))) return [];
      const have = fitting.map(literalValue);
      const need = allowed(b) ?? [true, false];
      const missing = need.filter((v) => !have.includes(v));
      return missing.length
        ? [`${path}: the server may send ${missing.join(', ')}, the client type is ${client}`]
        : [];
    }
    if (kind === 'string' || kind === 'number') {
      if (fitting.some((m) => !m.isLiteral())) return [];
      const need = allowed(b);
      if (!need) return [`${path}: the server sends any ${kind}, the client type only ${client}`];
      const have = fitting.map(literalValue);
      const missing = need.filter((v) => !have.includes(v));
      return missing.length
        ? [`${path}: the server may send ${missing.join(', ')}, the client type is ${client}`]
        : [];
    }
    return this.best(fitting.map((m) => () => this.answerComposite(b, m, kind, path)));
  }

  private answerComposite(b: JsonSchema, m: ts.Type, kind: Kind, path: string): string[] {
    if (kind === 'array') return this.answer(b.items ?? {}, this.elementType(m), `${path}[]`);
    const errors: string[] = [];
    const required = new Set(b.required ?? []);
    const extra = typeof b.additionalProperties === 'object' ? b.additionalProperties : undefined;
    for (const p of this.checker.getPropertiesOfType(m)) {
      const t = this.checker.getTypeOfSymbol(p);
      const field = b.properties?.[p.name];
      const at = `${path}.${p.name}`;
      if (!field) {
        if (extra) errors.push(...this.answer(extra, t, at));
        else errors.push(`${at}: the client type has it, the server's schema does not`);
        continue;
      }
      const optional = Boolean(p.flags & ts.SymbolFlags.Optional) || hasUndefined(t) || anyish(t);
      if (!required.has(p.name) && !optional)
        errors.push(`${at}: the server may leave it out, the client type requires it`);
      errors.push(...this.answer(field, t, at));
    }
    for (const info of this.checker.getIndexInfosOfType(m)) {
      if (extra) errors.push(...this.answer(extra, info.type, `${path}[key]`));
      for (const [name, field] of Object.entries(b.properties ?? {}))
        errors.push(...this.answer(field, info.type, `${path}.${name}`));
    }
    return errors;
  }

  /** Of several ways the two could agree, the one with fewest complaints (none when one fits). */
  private best(tries: (() => string[])[]): string[] {
    let best: string[] | undefined;
    for (const attempt of tries) {
      const errors = attempt();
      if (errors.length === 0) return [];
      if (!best || errors.length < best.length) best = errors;
    }
    return best ?? [];
  }

  /** A schema as a list of single-kind alternatives: $ref resolved, anyOf/oneOf and null split. */
  private branches(schema: JsonSchema): JsonSchema[] {
    if (schema.$ref) {
      const target = this.components[schema.$ref.replace('#/components/schemas/', '')];
      if (!target) throw new Error(`unresolved ${schema.$ref}`);
      return this.branches(target);
    }
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) return alternatives.flatMap((s) => this.branches(s));
    if (schema.allOf) return this.branches(mergeAll(schema.allOf.flatMap((s) => this.branches(s))));
    const out: JsonSchema[] = [];
    if (Array.isArray(schema.type)) for (const t of schema.type) out.push({ ...schema, type: t });
    else if (schema.enum?.includes(null)) {
      out.push({ ...schema, enum: schema.enum.filter((v) => v !== null) }, { type: 'null' });
    } else out.push(schema);
    if (schema.nullable) out.push({ type: 'null' });
    return out;
  }

  private kindOfType(t: ts.Type): Kind {
    const f = t.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & ts.TypeFlags.StringLike) return 'string';
    if (f & ts.TypeFlags.NumberLike) return 'number';
    if (f & ts.TypeFlags.BooleanLike) return 'boolean';
    if (this.checker.isArrayType(t) || this.checker.isTupleType(t)) return 'array';
    return 'object';
  }

  private elementType(t: ts.Type): ts.Type {
    // A tuple's positions are not compared with the schema's items: none of the client's types uses one.
    if (this.checker.isTupleType(t)) return this.checker.getUnknownType();
    return this.checker.getTypeArguments(t as ts.TypeReference)[0] ?? this.checker.getUnknownType();
  }

  private show(t: ts.Type): string {
    return this.checker.typeToString(t);
  }
}

function anyish(t: ts.Type): boolean {
  return Boolean(t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown));
}

function hasUndefined(t: ts.Type): boolean {
  const members = t.isUnion() ? t.types : [t];
  return members.some((m) => m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
}

function definedMembers(t: ts.Type): ts.Type[] {
  const members = t.isUnion() ? t.types : [t];
  return members.filter((m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
}

/** `true | false` back into `boolean`, so a request may send either. */
function collapseBooleans(members: ts.Type[]): (ts.Type | 'boolean')[] {
  const literals = members.filter((m) => m.flags & ts.TypeFlags.BooleanLiteral);
  if (literals.length < 2) return members;
  return [...members.filter((m) => !(m.flags & ts.TypeFlags.BooleanLiteral)), 'boolean'];
}

function literalValue(t: ts.Type): unknown {
  if (t.isLiteral()) return typeof t.value === 'object' ? String(t.value) : t.value;
  return (t as ts.Type & { intrinsicName?: string }).intrinsicName === 'true';
}

function kindOf(s: JsonSchema): Kind {
  const type = typeof s.type === 'string' ? s.type : undefined;
  if (type === 'integer') return 'number';
  if (type) return type as Kind;
  const value = s.const ?? s.enum?.[0];
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return typeof value as Kind;
  if (s.properties || s.additionalProperties !== undefined) return 'object';
  if (s.items) return 'array';
  return 'any';
}

/** The values an enum or const allows; undefined when any value of the type is allowed. */
function allowed(s: JsonSchema): unknown[] | undefined {
  if (s.const !== undefined) return [s.const];
  return s.enum;
}

function describe(s: JsonSchema): string {
  const values = allowed(s);
  return values ? values.map((v) => JSON.stringify(v)).join(' | ') : kindOf(s);
}

function mergeAll(parts: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { properties: {}, required: [] };
  for (const p of parts) {
    Object.assign(merged, { ...p, properties: merged.properties, required: merged.required });
    Object.assign(merged.properties ?? {}, p.properties);
    merged.required?.push(...(p.required ?? []));
  }
  return merged;
}
