import type { ProfileResult } from '../../src/sources/source.js';

/** How far each estimated value is from the exact one, by kind of estimate. */
export function printAccuracy(exact: ProfileResult, estimated: ProfileResult): void {
  const errors = new Map<string, number[]>();
  for (const e of estimated.estimated) {
    const want = Number(exact.columns[e.column]?.[e.metric]);
    const got = Number(estimated.columns[e.column]?.[e.metric]);
    if (!Number.isFinite(want) || !Number.isFinite(got)) continue;
    const kind = /^p\d\d$/.test(e.metric) ? 'quantiles (t-digest)' : 'distinct counts (hash sample)';
    // Quantiles are judged against the column's range, distinct counts against themselves.
    const span = kind.startsWith('quantiles')
      ? Math.abs(Number(exact.columns[e.column]?.max) - Number(exact.columns[e.column]?.min)) || 1
      : Math.abs(want) || 1;
    errors.set(kind, [...(errors.get(kind) ?? []), Math.abs(got - want) / span]);
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  console.log('\naccuracy of the estimates against the exact run:');
  for (const [kind, xs] of errors) {
    const sorted = [...xs].sort((a, b) => a - b);
    console.log(
      `  ${kind}: ${xs.length} values, median error ${pct(sorted[Math.floor(xs.length / 2)]!)}, worst ${pct(sorted.at(-1)!)}${kind.startsWith('quantiles') ? ' of the column range' : ''}`,
    );
  }
  const exactCount = estimated.estimated.length;
  const total = Object.values(estimated.columns).reduce((n, m) => n + Object.keys(m).length, 0);
  console.log(
    `  ${total - exactCount} of ${total} values exact; every other one is named in the result's "estimated"`,
  );
}
