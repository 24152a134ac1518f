const KNOWN = new Set(['page', 'ticket', 'log']);

/** An alert's severity as text plus colour: page stands out, ticket less, log least. */
export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${KNOWN.has(severity) ? severity : 'other'}`}>{severity}</span>;
}
