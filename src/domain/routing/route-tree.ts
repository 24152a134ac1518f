/**
 * The routing tree, read from the YAML-shaped object the caller has parsed (snake_case keys as
 * in Alertmanager's `route:` block). Children inherit receiver, group_by and the three timings
 * from their parent; mute/active time intervals are not inherited (as in Alertmanager). The tree
 * is resolved once here, so matching never walks up to parents.
 */
import type { ErrorDetail } from '../errors.js';
import { parseRouteDuration } from './duration.js';
import { type CompiledMatcher, compileMatcher, isCompiledMatcher, type Matcher } from './matcher.js';
import { readMatcherConfig } from './matcher-config.js';

/** The `route:` block as written in YAML. Unknown keys are reported, so typos never pass. */
export interface RouteConfig {
  /** Optional stable id; group keys use it, so renaming or reordering routes keeps groups. */
  name?: string;
  receiver?: string | string[];
  /** Text (`{a="b"}`), a list of texts, or structured matchers. */
  matchers?: string | Array<string | Matcher>;
  /** Legacy Alertmanager forms: equality and regex maps. */
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  continue?: boolean;
  /** Label names, or ['...'] for every label. */
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RouteConfig[];
}

/** Settings in force at a route once inheritance is applied. Durations are in milliseconds. */
export interface ResolvedRouteSettings {
  receivers: string[];
  groupBy: string[];
  /** group_by: ['...'] — every label of the alert is a grouping label. */
  groupByAll: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
}

export interface RouteNode {
  /** `name` when given, else the path (`root` for the root). */
  id: string;
  /** Where the route sits in the config: '' for the root, `routes[2].routes[0]` below. */
  path: string;
  matchers: CompiledMatcher[];
  continue: boolean;
  settings: ResolvedRouteSettings;
  routes: RouteNode[];
}

export interface RouteTree {
  root: RouteNode;
}

export interface RouteTreeOptions {
  /** Known receiver (channel) names; when given, unknown names are errors. */
  receivers?: readonly string[];
  /** Known time interval names; when given, unknown names are errors. */
  timeIntervals?: readonly string[];
}

export type RouteTreeResult = { ok: true; tree: RouteTree } | { ok: false; errors: ErrorDetail[] };

/** Alertmanager's defaults for the root route. */
export const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 };
export const MAX_ROUTE_DEPTH = 32;

const KEYS = new Set([
  'name',
  'receiver',
  'matchers',
  'match',
  'match_re',
  'continue',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'mute_time_intervals',
  'active_time_intervals',
  'routes',
]);

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const join = (path: string, key: string) =>
  path === '' ? key : key.startsWith('[') ? path + key : `${path}.${key}`;

class TreeReader {
  readonly errors: ErrorDetail[] = [];
  readonly names = new Set<string>();
  constructor(readonly options: RouteTreeOptions) {}

  fail(path: string, message: string): void {
    this.errors.push({ path: path || 'route', message });
  }

  strings(value: unknown, path: string): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.fail(path, 'must be a list of strings');
      return undefined;
    }
    return value as string[];
  }

  matchers(raw: Record<string, unknown>, path: string): CompiledMatcher[] {
    const out: CompiledMatcher[] =
      raw.matchers === undefined ? [] : readMatcherConfig(raw.matchers, join(path, 'matchers'), this.errors);
    for (const [key, type] of [
      ['match', '='],
      ['match_re', '=~'],
    ] as const) {
      const map = raw[key];
      if (map === undefined) continue;
      if (!isRecord(map)) {
        this.fail(join(path, key), 'must be a map of label name to value');
        continue;
      }
      for (const [name, value] of Object.entries(map)) {
        const c = compileMatcher({ name, type, value: value as string });
        if (isCompiledMatcher(c)) out.push(c);
        else this.fail(join(path, `${key}.${name}`), c.message);
      }
    }
    return out;
  }

  duration(raw: Record<string, unknown>, key: string, path: string, min: number): number | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    const ms = typeof v === 'string' ? parseRouteDuration(v) : undefined;
    if (ms === undefined) {
      this.fail(join(path, key), `${JSON.stringify(v)} is not a duration like 30s, 5m, 4h or 1h30m`);
      return undefined;
    }
    if (ms < min) {
      this.fail(join(path, key), 'must be greater than zero');
      return undefined;
    }
    return ms;
  }

  receivers(raw: Record<string, unknown>, path: string): string[] | undefined {
    const v = raw.receiver;
    if (v === undefined) return undefined;
    const list = typeof v === 'string' ? [v] : this.strings(v, join(path, 'receiver'));
    if (!list) return undefined;
    if (list.length === 0) this.fail(join(path, 'receiver'), 'must name at least one receiver');
    const known = this.options.receivers;
    list.forEach((name, i) => {
      if (known && !known.includes(name)) {
        const at = typeof v === 'string' ? join(path, 'receiver') : join(path, `receiver[${i}]`);
        this.fail(at, `unknown receiver ${JSON.stringify(name)}`);
      }
    });
    return list;
  }

  groupBy(raw: Record<string, unknown>, path: string): { labels: string[]; all: boolean } | undefined {
    if (raw.group_by === undefined) return undefined;
    const list = this.strings(raw.group_by, join(path, 'group_by'));
    if (!list) return undefined;
    if (list.includes('...')) {
      if (list.length > 1)
        this.fail(join(path, 'group_by'), "'...' groups by every label: list nothing else");
      return { labels: [], all: true };
    }
    if (new Set(list).size !== list.length) this.fail(join(path, 'group_by'), 'lists a label twice');
    return { labels: [...list].sort(), all: false };
  }

  intervals(raw: Record<string, unknown>, key: string, path: string, isRoot: boolean): string[] {
    if (raw[key] === undefined) return [];
    const list = this.strings(raw[key], join(path, key)) ?? [];
    if (isRoot && list.length > 0) this.fail(join(path, key), 'the root route cannot have time intervals');
    const known = this.options.timeIntervals;
    list.forEach((name, i) => {
      if (known && !known.includes(name))
        this.fail(join(path, `${key}[${i}]`), `unknown time interval ${name}`);
    });
    return list;
  }

  node(raw: unknown, path: string, parent: ResolvedRouteSettings | null, depth: number): RouteNode {
    const isRoot = parent === null;
    const r = isRecord(raw) ? raw : {};
    if (!isRecord(raw)) this.fail(path, 'must be a map of route settings');
    if (depth > MAX_ROUTE_DEPTH) this.fail(path, `routes nest deeper than ${MAX_ROUTE_DEPTH} levels`);
    for (const key of Object.keys(r)) if (!KEYS.has(key)) this.fail(join(path, key), 'unknown setting');

    let id = path === '' ? 'root' : path;
    if (r.name !== undefined) {
      if (typeof r.name !== 'string' || r.name === '')
        this.fail(join(path, 'name'), 'must be a non-empty string');
      else if (this.names.has(r.name)) this.fail(join(path, 'name'), `another route is named ${r.name}`);
      else {
        this.names.add(r.name);
        id = r.name;
      }
    }
    const matchers = this.matchers(r, path);
    if (isRoot && matchers.length > 0)
      this.fail(join(path, 'matchers'), 'the root route matches every alert: no matchers');
    if (r.continue !== undefined && typeof r.continue !== 'boolean')
      this.fail(join(path, 'continue'), 'must be true or false');
    if (isRoot && r.continue === true) this.fail(join(path, 'continue'), 'the root route cannot continue');

    const receivers = this.receivers(r, path);
    if (isRoot && receivers === undefined)
      this.fail(join(path, 'receiver'), 'the root route needs a receiver');
    const groupBy = this.groupBy(r, path);
    const settings: ResolvedRouteSettings = {
      receivers: receivers ?? parent?.receivers ?? [],
      groupBy: groupBy ? groupBy.labels : (parent?.groupBy ?? []),
      groupByAll: groupBy ? groupBy.all : (parent?.groupByAll ?? false),
      groupWaitMs:
        this.duration(r, 'group_wait', path, 0) ?? parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs,
      groupIntervalMs:
        this.duration(r, 'group_interval', path, 1) ??
        parent?.groupIntervalMs ??
        ROUTE_DEFAULTS.groupIntervalMs,
      repeatIntervalMs:
        this.duration(r, 'repeat_interval', path, 1) ??
        parent?.repeatIntervalMs ??
        ROUTE_DEFAULTS.repeatIntervalMs,
      muteTimeIntervals: this.intervals(r, 'mute_time_intervals', path, isRoot),
      activeTimeIntervals: this.intervals(r, 'active_time_intervals', path, isRoot),
    };
    const routes: RouteNode[] = [];
    if (r.routes !== undefined) {
      if (!Array.isArray(r.routes)) this.fail(join(path, 'routes'), 'must be a list of routes');
      else if (depth <= MAX_ROUTE_DEPTH) {
        r.routes.forEach((child, i) => {
          routes.push(this.node(child, join(path, `routes[${i}]`), settings, depth + 1));
        });
      }
    }
    return { id, path, matchers, continue: r.continue === true, settings, routes };
  }
}

/** Parses and validates a `route:` block; every problem is reported with its path. */
export function parseRouteTree(config: unknown, options: RouteTreeOptions = {}): RouteTreeResult {
  const reader = new TreeReader(options);
  const root = reader.node(config, '', null, 0);
  return reader.errors.length > 0 ? { ok: false, errors: reader.errors } : { ok: true, tree: { root } };
}

/** The problems in a `route:` block (empty when it is valid). */
export function validateRouteTree(config: unknown, options: RouteTreeOptions = {}): ErrorDetail[] {
  const r = parseRouteTree(config, options);
  return r.ok ? [] : r.errors;
}
