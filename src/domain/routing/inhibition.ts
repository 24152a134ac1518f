/**
 * Inhibition: a firing alert that explains others holds their notifications back. Two kinds:
 * Alertmanager's inhibit_rules (source matchers, target matchers, `equal` labels — e.g. a
 * source-down alert inhibits every alert with the same `source`), and lineage: a firing alert
 * on an upstream asset inhibits alerts on the assets downstream of it. Like silences,
 * inhibition never holds back a resolution (group-plan.ts sees to that).
 */
import type { ErrorDetail } from '../errors.js';
import { type RoutableAlert, severityOf } from './alert.js';
import { type CompiledMatcher, type Labels, matchesAll } from './matcher.js';
import { readMatcherConfig } from './matcher-config.js';

export interface InhibitRule {
  /** Shown in the reason: "inhibited by source-down alert …". */
  name: string;
  sourceMatchers: CompiledMatcher[];
  targetMatchers: CompiledMatcher[];
  /** Labels that must have the same value on source and target (missing on both counts as equal). */
  equal: string[];
}

/** One entry of `inhibit_rules:` as written in YAML. */
export interface InhibitRuleConfig {
  name?: string;
  source_matchers: string | unknown[];
  target_matchers: string | unknown[];
  equal?: string[];
}

export interface Inhibition {
  kind: 'rule' | 'lineage';
  /** The rule's name, or null for lineage. */
  rule: string | null;
  /** Fingerprint of the inhibiting alert. */
  by: string;
  /** For people, shown on the alert. */
  reason: string;
}

/** Reads `inhibit_rules:` (a list); errors carry paths like `[1].source_matchers[0]`. */
export function parseInhibitRules(
  config: unknown,
): { ok: true; rules: InhibitRule[] } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const rules: InhibitRule[] = [];
  if (!Array.isArray(config))
    return { ok: false, errors: [{ path: '', message: 'must be a list of rules' }] };
  config.forEach((raw: unknown, i) => {
    const at = `[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ path: at, message: 'must be a map with source_matchers, target_matchers and equal' });
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (!['name', 'source_matchers', 'target_matchers', 'equal'].includes(key)) {
        errors.push({ path: `${at}.${key}`, message: 'unknown setting' });
      }
    }
    const sourceMatchers = readMatcherConfig(r.source_matchers ?? [], `${at}.source_matchers`, errors);
    const targetMatchers = readMatcherConfig(r.target_matchers ?? [], `${at}.target_matchers`, errors);
    if (sourceMatchers.length === 0 && r.source_matchers === undefined) {
      errors.push({ path: `${at}.source_matchers`, message: 'a rule needs source matchers' });
    }
    if (targetMatchers.length === 0 && r.target_matchers === undefined) {
      errors.push({ path: `${at}.target_matchers`, message: 'a rule needs target matchers' });
    }
    const equal = r.equal ?? [];
    if (!Array.isArray(equal) || equal.some((e) => typeof e !== 'string')) {
      errors.push({ path: `${at}.equal`, message: 'must be a list of label names' });
    }
    if (r.name !== undefined && (typeof r.name !== 'string' || r.name === '')) {
      errors.push({ path: `${at}.name`, message: 'must be a non-empty string' });
    }
    rules.push({
      name: typeof r.name === 'string' && r.name !== '' ? r.name : `inhibit rule ${i}`,
      sourceMatchers,
      targetMatchers,
      equal: Array.isArray(equal) ? (equal as string[]) : [],
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}

const labelValue = (labels: Labels, name: string) =>
  (Object.hasOwn(labels, name) ? labels[name] : '') as string;

const describeAlert = (a: RoutableAlert) =>
  a.annotations.title ? `"${a.annotations.title}"` : a.fingerprint;

/** Alerts stop inhibiting once resolved; an alert never inhibits itself. */
function candidates(alert: RoutableAlert, firing: readonly RoutableAlert[]): RoutableAlert[] {
  return firing.filter((s) => s.status === 'firing' && s.fingerprint !== alert.fingerprint);
}

function byRule(
  alert: RoutableAlert,
  sources: RoutableAlert[],
  rule: InhibitRule,
): RoutableAlert | undefined {
  if (!matchesAll(rule.targetMatchers, alert.labels)) return undefined;
  // As in Alertmanager: when the target could also be a source, sources that are also targets
  // do not count, so two such alerts cannot silence each other.
  const twoSided = matchesAll(rule.sourceMatchers, alert.labels);
  return sources.find(
    (s) =>
      matchesAll(rule.sourceMatchers, s.labels) &&
      rule.equal.every((l) => labelValue(s.labels, l) === labelValue(alert.labels, l)) &&
      !(twoSided && matchesAll(rule.targetMatchers, s.labels)),
  );
}

/**
 * Why the alert is inhibited, or null. Rules are tried in order, then lineage when
 * `isUpstream(a, b)` (true when asset a feeds asset b, directly or not) is given. A `log`
 * alert upstream does not inhibit: it would hide pages behind something nobody is told about.
 */
export function inhibitedBy(
  alert: RoutableAlert,
  firingAlerts: readonly RoutableAlert[],
  rules: readonly InhibitRule[],
  isUpstream?: (upstreamAsset: string, downstreamAsset: string) => boolean,
): Inhibition | null {
  const sources = candidates(alert, firingAlerts);
  for (const rule of rules) {
    const s = byRule(alert, sources, rule);
    if (s) {
      return {
        kind: 'rule',
        rule: rule.name,
        by: s.fingerprint,
        reason: `inhibited by ${rule.name} alert ${describeAlert(s)}`,
      };
    }
  }
  const asset = alert.labels.asset;
  if (!isUpstream || !asset) return null;
  for (const s of sources) {
    const up = s.labels.asset;
    if (!up || up === asset || severityOf(s.labels) === 'log') continue;
    if (isUpstream(up, asset)) {
      return {
        kind: 'lineage',
        rule: null,
        by: s.fingerprint,
        reason: `inhibited by upstream alert ${describeAlert(s)} on ${up}`,
      };
    }
  }
  return null;
}
