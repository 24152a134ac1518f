/** Error budget left as a bar plus text (never colour alone); at or below zero the budget is spent. */
export function BudgetBar({ left }: { left: number | null | undefined }) {
  if (left === null || left === undefined) return <span className="muted">no data</span>;
  const pct = Math.max(0, Math.min(1, left));
  return (
    <span className="budget-cell">
      <span className={`budget${left < 0.25 ? ' low' : ''}`} aria-hidden="true">
        <span style={{ width: `${(pct * 100).toFixed(1)}%` }} />
      </span>{' '}
      {left <= 0 ? 'spent' : `${(left * 100).toFixed(1)}% left`}
    </span>
  );
}

export const fmtRatio = (r: number | null | undefined, digits = 3): string =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`;
