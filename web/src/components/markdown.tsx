import type { ReactNode } from 'react';

/**
 * A small Markdown preview for postmortem sections: headings, paragraphs, lists, tables, code,
 * bold, italics and http(s) links. It builds React elements, never HTML strings, so text from the
 * API cannot inject markup.
 */
const INLINE =
  /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|(?<!\w)_[^_\s][^_]*_(?!\w)|\[[^\]]+\]\(https?:\/\/[^)\s]+\))/g;

function inline(text: string): ReactNode[] {
  return text.split(INLINE).map((part, i) => {
    const key = `${i}:${part}`;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
      return <code key={key}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2)
      return <em key={key}>{part.slice(1, -1)}</em>;
    const link = part.match(/^\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)$/);
    if (link)
      return (
        <a key={key} href={link[2]} rel="noreferrer" target="_blank">
          {link[1]}
        </a>
      );
    return part;
  });
}

const cells = (row: string) =>
  row
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split('|')
    .map((c) => c.trim());

export function Markdown({ text }: { text: string }) {
  const blocks = text.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  return (
    <div className="markdown">
      {blocks.map((block, b) => {
        const lines = block.split('\n').filter((l) => l.trim() !== '');
        const key = `${b}:${lines[0] ?? ''}`;
        if (lines.length === 0) return null;
        const heading = lines[0]!.match(/^(#{1,4})\s+(.*)$/);
        if (heading && lines.length === 1) {
          const level = Math.min(6, heading[1]!.length + 2);
          const H = `h${level}` as 'h3';
          return <H key={key}>{inline(heading[2]!)}</H>;
        }
        if (lines.every((l) => /^\s*[-*]\s+/.test(l)))
          return (
            <ul key={key}>
              {lines.map((l) => (
                <li key={l}>{inline(l.replace(/^\s*[-*]\s+/, ''))}</li>
              ))}
            </ul>
          );
        if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l)))
          return (
            <ol key={key}>
              {lines.map((l) => (
                <li key={l}>{inline(l.replace(/^\s*\d+[.)]\s+/, ''))}</li>
              ))}
            </ol>
          );
        if (lines.length >= 2 && lines.every((l) => l.trim().startsWith('|'))) {
          const [head, , ...rows] = lines;
          return (
            <table key={key} className="table">
              <thead>
                <tr>
                  {cells(head!).map((c) => (
                    <th key={c}>{inline(c)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r}>
                    {cells(r).map((c, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns have no identity but their place
                      <td key={i}>{inline(c)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }
        if (lines[0]!.startsWith('```'))
          return <pre key={key}>{lines.filter((l) => !l.startsWith('```')).join('\n')}</pre>;
        return (
          <p key={key}>
            {lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a line may repeat; its place is its identity
              <span key={`${i}:${l}`}>
                {i > 0 && <br />}
                {inline(l)}
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}
