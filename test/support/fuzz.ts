import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import type { Store } from '../../src/store/database.js';

/**
 * Shared machinery for the intake fuzz tests (test/security/fuzz-*.test.ts): bounded fast-check
 * runs with a fixed seed, request bodies that mix random JSON, broken real payloads and non-JSON,
 * and a fingerprint of the store so "a refused request stores nothing" is checked on every table.
 */

/** A fixed seed so CI runs are repeatable; set VIGIL_FUZZ_SEED to explore other inputs. */
export const FUZZ_SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 15_2026);

/**
 * fast-check parameters for one property: a fixed number of runs, cut short by a time budget so
 * a loaded machine ends the property early instead of timing the test out. A failure prints the
 * seed and path that replay it. VIGIL_FUZZ_RUNS and VIGIL_FUZZ_BUDGET_MS fuzz longer locally.
 */
export function fuzzParams(numRuns: number, budgetMs = 5_000): fc.Parameters<unknown> {
  return {
    seed: FUZZ_SEED,
    numRuns: Number(process.env.VIGIL_FUZZ_RUNS ?? numRuns),
    interruptAfterTimeLimit: Number(process.env.VIGIL_FUZZ_BUDGET_MS ?? budgetMs),
    markInterruptAsFailure: false,
  };
}

/** Answers seen during one property, by status, printed with the run count. */
export type Tally = Map<string, number>;

export function tallyAnswer(tally: Tally, status: number, kind: string): void {
  const key = `${status} ${kind.split(' ')[0]}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

/**
 * Runs one property and prints how many inputs it tried, in how long, and the answers it saw,
 * so a CI log shows what the fuzzing covered. A failure throws fast-check's report (seed, path,
 * shrunk counterexample).
 */
export async function runFuzz(
  label: string,
  property: fc.IAsyncProperty<[unknown]>,
  params: fc.Parameters<unknown>,
  tally: Tally = new Map(),
): Promise<void> {
  const started = performance.now();
  const details = await fc.check(property, params);
  const ms = Math.round(performance.now() - started);
  const seen = [...tally.entries()]
    .sort()
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  console.info(
    `fuzz ${label}: ${details.numRuns} runs in ${ms} ms${details.interrupted ? ' (time budget reached)' : ''}, seed ${params.seed}; ${seen}`,
  );
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}\nFailure: ${cause.slice(0, 2000)}`);
  }
}

/** A JSON file beside the parsers (src/ingest/<format>/fixtures), parsed fresh. */
export function ingestFixture(format: string, file: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../src/ingest/${format}/fixtures/${file}`, import.meta.url), 'utf8'),
  );
}

// ---------------------------------------------------------------------------------------------
// Bodies

export interface FuzzBody {
  /** What goes on the wire. */
  payload: string | Buffer;
  /** The content-type header; undefined sends none. */
  contentType: string | undefined;
  /** How it was made, for a readable counterexample. */
  kind: string;
}

type Step = string | number;

/** A counterexample printed short: what made it, its length, and its first characters. */
export function fuzzBody(payload: string | Buffer, contentType: string | undefined, kind: string): FuzzBody {
  return {
    payload,
    contentType,
    kind,
    [fc.toStringMethod]: () =>
      `${kind} ${contentType ?? '(no content-type)'} ${payload.length} chars: ${JSON.stringify(String(payload).slice(0, 400))}`,
  } as FuzzBody;
}

/** The paths of every string in a JSON value: the names, ids and dates an intake keys on. */
function stringPaths(value: unknown, prefix: Step[] = [], out: Step[][] = []): Step[][] {
  if (typeof value === 'string') out.push(prefix);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) stringPaths(v, [...prefix, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) stringPaths(v, [...prefix, k], out);
  return out;
}

/** Every path into a JSON value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Step[] = [], out: Step[][] = []): Step[][] {
  out.push(prefix);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) pathsOf(v, [...prefix, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** Strings a careless store or renderer trips on: NUL, lone surrogates, RTL, emoji, SQL, HTML. */
const NASTY_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👩‍👩‍👧‍👦🔥',
  "'; drop table alerts; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e',
  ' ',
  '\n\r\t',
  '1e309',
  'NaN',
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2016-12-31T23:59:60Z',
  '2026-01-05T03:00:02.114+23:59',
  '9999-12-31T23:59:59.999999999Z',
  '-271821-04-20T00:00:00Z',
];

/** Long strings: a name or key past what an index row holds, in one- and four-byte characters. */
const longString = fc
  .record({ size: fc.integer({ min: 700, max: 120_000 }), char: fc.constantFrom('x', 'é', '😀', '\u0000') })
  .map(({ size, char }) => char.repeat(size));

const nastyString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: longString, weight: 1 },
);

const nastyNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Deeply nested values are spliced into the JSON text: JSON.stringify would overflow its stack. */
const DEEP = (depth: number, open: '[' | '{') =>
  open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

type Mutation =
  | { op: 'string'; at: number; value: string }
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: unknown }
  | { op: 'retype'; at: number }
  | { op: 'huge'; at: number; size: number; array: boolean }
  | { op: 'deep'; at: number; depth: number; open: '[' | '{' }
  | { op: 'proto'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('string' as const), at: fc.nat(), value: nastyString }),
  fc.record({ op: fc.constant('string' as const), at: fc.nat(), value: nastyString }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyString, nastyNumber),
  }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('huge' as const),
    at: fc.nat(),
    size: fc.integer({ min: 10_000, max: 400_000 }),
    array: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('deep' as const),
    at: fc.nat(),
    depth: fc.integer({ min: 50, max: 20_000 }),
    open: fc.constantFrom('[' as const, '{' as const),
  }),
  fc.record({
    op: fc.constant('proto' as const),
    at: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ prototype: { polluted: true } })),
  }),
);

function retype(v: unknown): unknown {
  if (typeof v === 'string') return Number.isNaN(Number(v)) ? v.length : Number(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 0;
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (v && typeof v === 'object') return Object.values(v);
  return {};
}

const preview = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
};

function describeMutation(m: Mutation, path: Step[]): string {
  const at = path.join('.') || '(root)';
  switch (m.op) {
    case 'string':
    case 'set':
      return `${at} = ${preview(m.value)}`;
    case 'huge':
      return `${at} = huge ${m.array ? 'array' : 'string'} of ${m.size}`;
    case 'deep':
      return `${at} = ${m.open} nested ${m.depth} deep`;
    case 'proto':
      return `${at}.${m.key} = ${preview(m.value)}`;
    default:
      return `${m.op} ${at}`;
  }
}

/** Sets an own, plain property, even one named __proto__. */
const put = (holder: Record<Step, unknown>, key: Step, value: unknown) =>
  Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });

/** Applies mutations to a copy of a valid payload and serialises it; deep values are spliced in as text. */
function mutate(base: unknown, mutations: Mutation[], done: string[] = []): string {
  const root: { v: unknown } = { v: structuredClone(base) };
  const splices: string[] = [];
  for (const m of mutations) {
    const paths = m.op === 'string' ? stringPaths(root.v) : pathsOf(root.v);
    if (paths.length === 0) continue;
    const path = paths[m.at % paths.length]!;
    let parent: unknown = root;
    let key: Step = 'v';
    for (const step of path) {
      parent = (parent as Record<Step, unknown>)[key];
      key = step;
    }
    const holder = parent as Record<Step, unknown>;
    if (!holder || typeof holder !== 'object') continue;
    done.push(describeMutation(m, path));
    switch (m.op) {
      case 'drop':
        if (Array.isArray(holder)) holder.splice(Number(key), 1);
        else delete holder[key];
        break;
      case 'string':
      case 'set':
        put(holder, key, m.value);
        break;
      case 'retype':
        put(holder, key, retype(holder[key]));
        break;
      case 'huge':
        put(holder, key, m.array ? Array.from({ length: m.size / 10 }, (_, i) => i) : 'x'.repeat(m.size));
        break;
      case 'deep':
        splices.push(DEEP(m.depth, m.open));
        put(holder, key, `\u0001splice${splices.length - 1}\u0001`);
        break;
      case 'proto': {
        const target = holder[key];
        // An own property, so JSON.stringify writes it as the key a hostile sender would.
        if (target && typeof target === 'object' && !Array.isArray(target))
          put(target as Record<Step, unknown>, m.key, m.value);
        break;
      }
    }
  }
  let text = JSON.stringify(root.v) ?? 'null';
  splices.forEach((s, i) => {
    text = text.replace(`"\\u0001splice${i}\\u0001"`, () => s);
  });
  return text;
}

const JSON_TYPE = 'application/json';

/** Valid payloads broken a few ways at once: fields dropped, retyped, huge, deep, unicode, prototype keys. */
export function mutatedBody(valid: readonly unknown[]): fc.Arbitrary<FuzzBody> {
  return fc
    .record({
      base: fc.constantFrom(...valid),
      mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }),
    })
    .map(({ base, mutations }) => {
      const done: string[] = [];
      const payload = mutate(base, mutations, done);
      return fuzzBody(payload, JSON_TYPE, `mutated (${done.join('; ') || 'none'})`);
    });
}

/** Any JSON document at all. */
export const randomJsonBody: fc.Arbitrary<FuzzBody> = fc
  .oneof(
    fc.json({ maxDepth: 4 }),
    fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  )
  .map((payload) => fuzzBody(payload, JSON_TYPE, 'random json'));

/** Bodies that are not JSON, or say they are something else, or lie about their encoding. */
export const nonJsonBody: fc.Arbitrary<FuzzBody> = fc
  .record({
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('', '{', '{"a":', '[1,2', 'null', 'true', '"x"', '<xml/>', 'a=1&b=2', '\u0000'),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    ),
    contentType: fc.constantFrom(
      undefined,
      JSON_TYPE,
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/octet-stream',
      'application/vnd.api+json',
      'application/',
      ';;;',
    ),
  })
  .map(({ text, contentType }) => fuzzBody(text, contentType, 'non-json'));

/** The three families together, real payloads weighted up so the deep paths of each intake run. */
export function intakeBody(valid: readonly unknown[]): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    { arbitrary: mutatedBody(valid), weight: 5 },
    { arbitrary: randomJsonBody, weight: 2 },
    { arbitrary: nonJsonBody, weight: 2 },
  );
}

export function headersFor(body: FuzzBody, extra: Record<string, string> = {}): Record<string, string> {
  return body.contentType === undefined ? extra : { ...extra, 'content-type': body.contentType };
}

// ---------------------------------------------------------------------------------------------
// Answers and the store

export interface Answer {
  statusCode: number;
  body: string;
}

/**
 * What every intake answer must be: never a 5xx; a refusal is a 4xx carrying a code from the
 * catalogue (docs/errors.md).
 */
export function expectNo5xx(res: Answer, what: string, requireCode = true): void {
  expect(res.statusCode, `${what} answered ${res.statusCode}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400 && requireCode) {
    const code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
    expect(Object.keys(ERROR_CODES), `${what}: a ${res.statusCode} without a known code`).toContain(code);
  }
}

export type StoreFingerprint = Map<string, string>;

/**
 * Every table of the store, as a row count and a hash of its rows: an intake that refuses a
 * request must leave this unchanged. `ignore` names tables that change on any authenticated
 * request (a token's last use).
 */
export async function storeFingerprint(
  store: Store,
  ignore: readonly string[] = ['api_tokens'],
): Promise<StoreFingerprint> {
  const tables = (
    await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
      store.db,
    )
  ).rows
    .map((r) => r.name)
    .filter((t) => !ignore.includes(t) && !t.startsWith('kysely_'));
  const parts = tables.map(
    (t) =>
      `select '${t}' as name, count(*)::text || ':' || md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as print from "${t}" r`,
  );
  const rows = (
    await sql<{ name: string; print: string }>`${sql.raw(parts.join(' union all '))}`.execute(store.db)
  ).rows;
  return new Map(rows.map((r) => [r.name, r.print]));
}

/** The tables whose rows differ between two fingerprints. */
export function changedTables(before: StoreFingerprint, after: StoreFingerprint): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}

/** Row counts of some tables, for checking what an accepted request says it stored. */
export async function rowCount(store: Store, table: string): Promise<number> {
  const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(store.db);
  return Number(r.rows[0]?.n ?? 0);
}

export interface IntakeCase<T> {
  /** The intake's name in messages and the printed summary. */
  label: string;
  store: Store;
  input: fc.Arbitrary<T>;
  /** Sends one input; its answer. */
  send: (input: T) => Promise<Answer>;
  /** What an accepted input must have stored (2xx answers only). */
  accepted?: (input: T, answer: Answer, before: StoreFingerprint, after: StoreFingerprint) => Promise<void>;
  /** A short name of the input's family, to tally answers by. */
  kindOf?: (input: T) => string;
  numRuns?: number;
  budgetMs?: number;
  /** Whether a refusal must carry a code from docs/errors.md (default true). */
  requireCode?: boolean;
}

/**
 * The property every intake keeps: any input is answered without a 5xx; a refusal is a coded 4xx
 * and leaves every table as it was; an acceptance stores what it said.
 */
export async function fuzzIntake<T>(c: IntakeCase<T>): Promise<void> {
  const tally: Tally = new Map();
  await runFuzz(
    c.label,
    fc.asyncProperty(c.input, async (input) => {
      const before = await storeFingerprint(c.store);
      const res = await c.send(input);
      const kind = c.kindOf?.(input) ?? (input as Partial<FuzzBody>).kind ?? 'input';
      tallyAnswer(tally, res.statusCode, kind);
      expectNo5xx(res, `${c.label} (${kind})`, c.requireCode ?? true);
      const after = await storeFingerprint(c.store);
      if (res.statusCode >= 400) {
        expect(changedTables(before, after), `a refused ${c.label} request changed the store`).toEqual([]);
        return;
      }
      await c.accepted?.(input, res, before, after);
    }) as fc.IAsyncProperty<[unknown]>,
    fuzzParams(c.numRuns ?? 150, c.budgetMs),
    tally,
  );
}

/**
 * The app the fuzz tests drive: event-loop load shedding off. A 400 kB body parsed on a loaded
 * 2-core machine delays the loop past the production bound, and the 503 OVERLOADED that follows is
 * about the machine, not about the input under test.
 */
export const FUZZ_APP = { load: { maxEventLoopDelayMs: 3_600_000 } } as const;
