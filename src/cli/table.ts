/** A plain text table that stays readable in a CI log: columns padded, long cells cut. */
export function renderTable(head: string[], rows: string[][], maxCell = 70): string {
  const cut = (s: string) => (s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s);
  const all = [head, ...rows.map((r) => r.map(cut))];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...all.slice(1).map(line)].join('\n')}\n`;
}
