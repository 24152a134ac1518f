import { SourceError } from '../errors.js';
import type { TableRef } from '../source.js';
import type { Dialect } from './dialect.js';

const MAX_NAME = 255;

/**
 * Names from users are only ever quoted, never spliced bare; this check refuses what no engine
 * accepts as a name (empty, control characters, absurd length) so the refusal names the problem.
 */
export function checkName(what: 'table' | 'schema' | 'column', name: unknown): SourceError | null {
  if (typeof name !== 'string' || name.length === 0)
    return new SourceError('INVALID_INPUT', `the ${what} name is empty`);
  if (name.length > MAX_NAME)
    return new SourceError('INVALID_INPUT', `the ${what} name is longer than ${MAX_NAME} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return new SourceError('INVALID_INPUT', `the ${what} name contains a control character`);
  }
  return null;
}

export function checkTable(table: TableRef): SourceError | null {
  if (table.schema !== undefined) {
    const e = checkName('schema', table.schema);
    if (e) return e;
  }
  return checkName('table', table.name);
}

/** `schema.name` for messages: the names only, never a statement. */
export function displayName(table: TableRef): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

export function qualified(dialect: Dialect, schema: string, name: string): string {
  return `${dialect.quoteIdent(schema)}.${dialect.quoteIdent(name)}`;
}

/**
 * Reads `schema.table` or `table` as a user would type it; double-quoted parts may contain dots.
 * Answers null when the text is not a name.
 */
export function parseTableName(text: string): TableRef | null {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = '';
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            part += '"';
            j += 2;
            continue;
          }
          break;
        }
        part += text[j];
        j++;
      }
      parts.push(part);
      i = j + 1;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot === -1 ? text.length : dot;
      parts.push(text.slice(i, end).trim());
      i = end;
    }
    if (i < text.length) {
      if (text[i] !== '.') return null;
      i++;
      if (i === text.length) return null;
    }
  }
  if (parts.length === 0 || parts.length > 2 || parts.some((p) => p.length === 0)) return null;
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { name: parts[0]! };
}
