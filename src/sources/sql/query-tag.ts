import type { QueryTag } from '../source.js';

/** Keeps a tag value to characters that cannot end or escape a comment. */
function clean(value: string): string {
  return value.replace(/[^A-Za-z0-9_.:@-]/g, '_').slice(0, 120);
}

/**
 * The leading comment every statement carries, so a warehouse admin can see in the query log
 * which monitor sent it and what for: `/* vigil monitor=mon_1 purpose=profile *\/`.
 */
export function tagComment(tag: QueryTag): string {
  const parts = ['vigil'];
  if (tag.monitorId) parts.push(`monitor=${clean(tag.monitorId)}`);
  if (tag.purpose) parts.push(`purpose=${clean(tag.purpose)}`);
  return `/* ${parts.join(' ')} */`;
}

export function tagged(tag: QueryTag, sql: string): string {
  return `${tagComment(tag)} ${sql}`;
}
