const LABELS: Record<string, string> = {
  pass: 'passing',
  fail: 'failing',
  error: 'error',
  learning: 'learning',
  none: 'not run yet',
};

/** A check or monitor status as text plus colour (never colour alone). */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const s = status ?? 'none';
  return <span className={`badge badge-${LABELS[s] ? s : 'other'}`}>{LABELS[s] ?? s}</span>;
}
