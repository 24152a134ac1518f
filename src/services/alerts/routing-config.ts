import { AppError } from '../../domain/errors.js';
import {
  type InhibitRule,
  parseInhibitRules,
  parseMatchers,
  parseRouteTree,
  type RouteTree,
  type Silence,
} from '../../domain/routing/index.js';
import type { Executor } from '../../store/executor.js';

/** The routing config as stored (Alertmanager's YAML shape: `route`, `inhibit_rules`). */
export interface RoutingConfig {
  route?: unknown;
  inhibit_rules?: unknown;
}

export interface Routing {
  /** Null when nothing is configured and no channel exists yet: alerts are recorded, not sent. */
  tree: RouteTree | null;
  inhibitRules: InhibitRule[];
}

export const ROUTING_SETTING = 'routing';

/** By default a source that is down silences the other alerts of that source: one page, not fifty. */
const DEFAULT_INHIBIT = [
  {
    name: 'source-down',
    source_matchers: ['kind="source_down"'],
    target_matchers: ['kind!="source_down"'],
    equal: ['source'],
  },
];

function readInhibit(config: RoutingConfig | undefined): InhibitRule[] {
  const parsed = parseInhibitRules(config?.inhibit_rules ?? DEFAULT_INHIBIT);
  return parsed.ok ? parsed.rules : [];
}

/**
 * Parses a routing config against the channels that exist. Without one, every alert goes to
 * every channel, grouped per monitor: a new install notifies as soon as a channel is added.
 */
export function parseRouting(
  config: RoutingConfig | undefined,
  channelNames: string[],
  checkReceivers = true,
): Routing {
  if (config?.route === undefined && channelNames.length === 0) {
    return { tree: null, inhibitRules: readInhibit(config) };
  }
  const route = config?.route ?? {
    receiver: channelNames,
    group_by: ['monitor'],
    group_wait: '0s',
    group_interval: '5m',
    repeat_interval: '4h',
  };
  const tree = parseRouteTree(route, checkReceivers ? { receivers: channelNames } : {});
  const inhibit = parseInhibitRules(
    config?.inhibit_rules ?? [
      {
        name: 'source-down',
        source_matchers: ['kind="source_down"'],
        target_matchers: ['kind!="source_down"'],
        equal: ['source'],
      },
    ],
  );
  const errors = [
    ...(tree.ok ? [] : tree.errors.map((e) => ({ ...e, path: `route${e.path ? `.${e.path}` : ''}` }))),
    ...(inhibit.ok
      ? []
      : inhibit.errors.map((e) => ({
          ...e,
          path: `inhibit_rules${e.path.startsWith('[') ? '' : '.'}${e.path}`,
        }))),
  ];
  if (!tree.ok || !inhibit.ok)
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid routing: ${errors.map((e) => e.path).join(', ')}`,
      errors,
    );
  return { tree: tree.tree, inhibitRules: inhibit.rules };
}

export async function loadRouting(db: Executor): Promise<Routing> {
  const [setting, channels] = await Promise.all([
    db.selectFrom('settings').select('value').where('key', '=', ROUTING_SETTING).executeTakeFirst(),
    db.selectFrom('channels').select('name').where('deleted_at', 'is', null).execute(),
  ]);
  // Receivers are checked when the routing is saved; a channel deleted since must not stop alerts
  // from being recorded: its messages dead-letter with a clear reason instead.
  return parseRouting(
    setting?.value as RoutingConfig | undefined,
    channels.map((c) => c.name),
    false,
  );
}

export async function loadSilences(db: Executor, now: Date): Promise<Silence[]> {
  const rows = await db.selectFrom('silences').selectAll().where('ends_at', '>', now).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: 'silence' as const,
    matchers: r.matchers.flatMap((text) => {
      const parsed = parseMatchers(text);
      return parsed.ok ? parsed.matchers : [];
    }),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdBy: r.created_by,
    comment: r.comment,
  }));
}
