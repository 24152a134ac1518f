import type { Alert, RoutingAnswer, Silence } from '../api/types.js';
import { matchesAllTexts } from '../components/matchers.js';
import { localText } from '../components/time.js';

/** Why a firing alert's notifications are held back: a silence, or an inhibit rule and the alert that triggers it. */
export interface Hold {
  kind: 'silence' | 'inhibition';
  reason: string;
}

/** The server's inhibit rule when none is configured: a source that is down holds its other alerts. */
const DEFAULT_INHIBIT = [
  {
    name: 'source-down',
    source_matchers: ['kind="source_down"'],
    target_matchers: ['kind!="source_down"'],
    equal: ['source'],
  },
];

interface Rule {
  name: string;
  source: string[];
  target: string[];
  equal: string[];
}

const texts = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function rulesOf(routing: RoutingAnswer | null): Rule[] {
  const raw = routing?.routing?.inhibit_rules ?? DEFAULT_INHIBIT;
  return raw.flatMap((r, i) => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    return [
      {
        name: typeof o.name === 'string' ? o.name : `rule ${i + 1}`,
        source: texts(o.source_matchers),
        target: texts(o.target_matchers),
        equal: texts(o.equal),
      },
    ];
  });
}

/**
 * Which firing alerts are held back, worked out in the page from the active silences and the
 * inhibit rules (the API lists alerts without this). Lineage inhibition is the server's alone.
 */
export function holdsFor(
  firing: Alert[],
  silences: Silence[],
  routing: RoutingAnswer | null,
): Map<string, Hold> {
  const active = silences.filter((s) => s.state === 'active');
  const rules = rulesOf(routing);
  const holds = new Map<string, Hold>();
  for (const a of firing) {
    const silence = active.find((s) => matchesAllTexts(s.matchers, a.labels));
    if (silence) {
      holds.set(a.id, {
        kind: 'silence',
        reason: `silenced until ${localText(new Date(silence.endsAt))}: ${silence.comment}`,
      });
      continue;
    }
    for (const rule of rules) {
      if (!matchesAllTexts(rule.target, a.labels)) continue;
      const by = firing.find(
        (b) =>
          b.id !== a.id &&
          matchesAllTexts(rule.source, b.labels) &&
          rule.equal.every((l) => (b.labels[l] ?? '') === (a.labels[l] ?? '')),
      );
      if (by) {
        holds.set(a.id, { kind: 'inhibition', reason: `inhibited by “${by.title}” (${rule.name})` });
        break;
      }
    }
  }
  return holds;
}
