/**
 * Matching labels against the routing tree, and the group an alert joins on each matched route.
 */
import { type Labels, matchesAll } from './matcher.js';
import type { ResolvedRouteSettings, RouteNode, RouteTree } from './route-tree.js';

/** A route an alert matched, with its inherited settings resolved. */
export interface MatchedRoute extends ResolvedRouteSettings {
  id: string;
  path: string;
  continue: boolean;
}

function toMatched(node: RouteNode): MatchedRoute {
  return { id: node.id, path: node.path, continue: node.continue, ...node.settings };
}

function walk(node: RouteNode, labels: Labels, out: MatchedRoute[]): boolean {
  if (!matchesAll(node.matchers, labels)) return false;
  const before = out.length;
  for (const child of node.routes) {
    // First match wins among siblings unless the matching child says continue.
    if (walk(child, labels, out) && !child.continue) break;
  }
  // A route handles the alert itself only when none of its children did.
  if (out.length === before) out.push(toMatched(node));
  return true;
}

/**
 * The routes that handle an alert with these labels, in order: depth-first, the first matching
 * sibling wins unless it has `continue: true`. Never empty: the root catches the rest.
 */
export function matchRoutes(tree: RouteTree, labels: Labels): MatchedRoute[] {
  const out: MatchedRoute[] = [];
  walk(tree.root, labels, out);
  return out;
}

type GroupingRoute = Pick<ResolvedRouteSettings, 'groupBy' | 'groupByAll'> & { id: string };

/** The labels that define an alert's group on a route (only those the alert has). */
export function groupLabels(route: GroupingRoute, labels: Labels): Record<string, string> {
  const names = route.groupByAll ? Object.keys(labels).sort() : [...route.groupBy].sort();
  const out: Record<string, string> = {};
  for (const name of names) if (Object.hasOwn(labels, name)) out[name] = labels[name] as string;
  return out;
}

/**
 * A stable key for the alert's group on a route: `route-id:{name="value",…}` with names sorted
 * and values quoted, so two different label sets can never produce the same key.
 */
export function groupKey(route: GroupingRoute, labels: Labels): string {
  const parts = Object.entries(groupLabels(route, labels)).map(
    ([k, v]) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k)}=${JSON.stringify(v)}`,
  );
  return `${route.id}:{${parts.join(',')}}`;
}
