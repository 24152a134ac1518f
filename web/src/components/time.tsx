const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const short = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** '2024-05-01 12:00:00 UTC': shown on hover next to the reader's local time. */
export const utcText = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
export const localText = (d: Date): string => local.format(d);
export const shortLocalText = (d: Date): string => short.format(d);

/** A time in the reader's time zone; hovering shows it in UTC. `short` drops the year and seconds. */
export function Time({
  iso,
  empty = '—',
  short: compact = false,
}: {
  iso: string | null | undefined;
  empty?: string;
  short?: boolean;
}) {
  if (!iso) return <span className="muted">{empty}</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={utcText(d)}>
      {compact ? shortLocalText(d) : localText(d)}
    </time>
  );
}
