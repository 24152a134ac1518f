import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { yamlValue } from './ingest/shared/yaml.js';
import { invalidCidrs } from './notify/index.js';
import { monitorInputSchema } from './services/monitors.js';
import { sloInputSchema } from './services/slo/slo-schema.js';

/**
 * Vigil's configuration: `vigil.yaml` (optional) overlaid by environment variables, parsed once at
 * start-up. Every problem is reported with its key path, all at once, so a broken file is fixed in
 * one edit instead of one restart per mistake.
 */
const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(8484),
        publicUrl: z.url().optional().describe('Base URL used in links inside notifications'),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        dataDir: z.string().min(1).default('.vigil'),
        databaseUrl: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
          .optional(),
      })
      .strict()
      .prefault({}),
    security: z
      .object({
        adminToken: z.string().min(24, 'must be at least 24 characters').optional(),
        secretKey: z
          .string()
          .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
          .optional(),
        allowOutboundCidrs: z
          .array(z.string())
          .default([])
          .superRefine((cidrs, ctx) => {
            for (const bad of invalidCidrs(cidrs))
              ctx.addIssue({ code: 'custom', message: `"${bad}" is not a CIDR range such as 10.0.0.0/8` });
          }),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    trash: z
      .object({ retentionDays: z.number().int().min(1).default(30) })
      .strict()
      .prefault({}),
    /** Sources declared as code; engine fields are checked against the engine's schema on apply. */
    sources: z
      .array(
        z
          .object({ name: z.string().min(1), kind: z.string().min(1), description: z.string().optional() })
          .catchall(z.unknown()),
      )
      .default([]),
    /** Monitors declared as code (also read from every *.yaml under `monitorsDir`). */
    monitors: z.array(monitorInputSchema).default([]),
    monitorsDir: z.string().default('monitors'),
    /** SLOs declared as code, in the API's shape (docs/slos.md); `vigil apply` syncs them. */
    slos: z.array(sloInputSchema).default([]),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variables and the config path they set. */
const ENV_KEYS: Record<string, string[]> = {
  VIGIL_HOST: ['server', 'host'],
  VIGIL_PORT: ['server', 'port'],
  VIGIL_PUBLIC_URL: ['server', 'publicUrl'],
  VIGIL_DATA_DIR: ['store', 'dataDir'],
  VIGIL_DATABASE_URL: ['store', 'databaseUrl'],
  VIGIL_ADMIN_TOKEN: ['security', 'adminToken'],
  VIGIL_SECRET_KEY: ['security', 'secretKey'],
  VIGIL_LOG_LEVEL: ['log', 'level'],
};

export const CONFIG_ENV_VARS = Object.keys(ENV_KEYS);

type Env = Record<string, string | undefined>;

interface YamlFile {
  path: string;
  doc: Document;
  lines: LineCounter;
}

function readYaml(path: string, problems: string[]): { raw: Record<string, unknown>; file?: YamlFile } {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true, lineCounter: lines });
  for (const e of doc.errors) {
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    problems.push(`${path}${where}: ${e.message.split('\n')[0]}`);
  }
  if (doc.errors.length > 0) return { raw: {} };
  const read = yamlValue(doc, lines);
  if (!read.ok) {
    problems.push(`${path}${read.line ? ` (line ${read.line})` : ''}: ${read.message}`);
    return { raw: {} };
  }
  const value: unknown = read.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: the top level must be a mapping of keys`);
    return { raw: {} };
  }
  return { raw: value as Record<string, unknown>, file: { path, doc, lines } };
}

/** ` (vigil.yaml line 3)` for a key path that the file set, so the fix is one jump away. */
function fileLine(file: YamlFile | undefined, keyPath: PropertyKey[]): string {
  if (!file) return '';
  for (let n = keyPath.length; n > 0; n--) {
    const node = file.doc.getIn(keyPath.slice(0, n) as Array<string | number>, true);
    if (isNode(node) && node.range) return ` (${file.path} line ${file.lines.linePos(node.range[0]).line})`;
  }
  return '';
}

/** Adds the `monitors:` and `sources:` lists of every YAML file under the monitors folder. */
function mergeMonitorFiles(raw: Record<string, unknown>, cwd: string, problems: string[]): void {
  const dir = resolve(cwd, typeof raw.monitorsDir === 'string' ? raw.monitorsDir : 'monitors');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const { raw: part } = readYaml(join(dir, name), problems);
    for (const key of ['monitors', 'sources'] as const) {
      const list = part[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        problems.push(`${join(dir, name)}: ${key} must be a list`);
        continue;
      }
      raw[key] = [...(Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []), ...list];
    }
  }
}

/**
 * `${NAME}` in a string value is replaced by that environment variable, so secrets stay out of
 * files under version control. A variable that is not set is a problem, not an empty string.
 */
function interpolateEnv(node: unknown, env: Env, path: PropertyKey[], problems: string[]): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name: string) => {
      const value = env[name];
      if (value === undefined)
        problems.push(`${formatIssuePath(path)}: environment variable ${name} is not set`);
      return value ?? '';
    });
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      node[i] = interpolateEnv(item, env, [...path, i], problems);
    });
  } else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) obj[k] = interpolateEnv(v, env, [...path, k], problems);
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/**
 * Loads the configuration. The file is `VIGIL_CONFIG`, else `./vigil.yaml` when present.
 * Throws ConfigError listing every problem.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const explicit = env.VIGIL_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, 'vigil.yaml');
  let raw: Record<string, unknown> = {};
  let file: YamlFile | undefined;
  if (existsSync(path)) ({ raw, file } = readYaml(path, problems));
  else if (explicit) problems.push(`VIGIL_CONFIG: no file at ${path}`);

  mergeMonitorFiles(raw, cwd, problems);
  interpolateEnv(raw, env, [], problems);

  const fromEnv = new Map<string, string>();
  for (const [name, keyPath] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      setPath(raw, keyPath, value);
      fromEnv.set(keyPath.join('.'), name);
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // An unknown key is reported at the key itself, one line each.
      const paths =
        issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      const message = issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message;
      for (const p of paths) {
        const key = formatIssuePath(p);
        const envName = fromEnv.get(key);
        problems.push(`${key || '(root)'}${envName ? ` (from ${envName})` : fileLine(file, p)}: ${message}`);
      }
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}
