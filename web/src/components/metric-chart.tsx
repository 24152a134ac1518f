import { type RefObject, useEffect, useRef, useState } from 'react';
import { domainOf, niceTicks, scale } from './chart-scale.js';
import { fmtNumber } from './format.js';
import { localText, shortLocalText, utcText } from './time.js';

export interface ChartPoint {
  at: Date;
  value: number;
}
export interface BandPoint {
  at: Date;
  lower: number | null;
  upper: number | null;
}

export interface Span {
  from: Date;
  to: Date | null;
  label: string;
}

interface Props {
  label: string;
  line: ChartPoint[];
  /** The expected band from check results; open ends reach the chart's edge. */
  band?: BandPoint[];
  /** Failed checks, drawn as red points over the line. */
  failures?: ChartPoint[];
  /** Incidents, shaded from start to resolution (an open one reaches the right edge). */
  spans?: Span[];
  height?: number;
}

const M = { top: 12, right: 16, bottom: 28, left: 64 };

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => entry && setWidth(Math.max(320, entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Splits the band into runs where at least one bound is known, so gaps stay gaps. */
function bandRuns(band: BandPoint[]): BandPoint[][] {
  const runs: BandPoint[][] = [];
  let run: BandPoint[] = [];
  for (const b of band) {
    if (b.lower === null && b.upper === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(b);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** A time series as SVG: the line, the expected band shaded, failures as red points. */
export function MetricChart({ label, line, band = [], failures = [], spans = [], height = 260 }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const times = [...line, ...band, ...failures].map((p) => p.at.getTime());
  if (times.length === 0) {
    return <p className="muted chart-empty">No points yet: run the monitor to draw its first one.</p>;
  }
  const bounds = band.flatMap((b) => [b.lower, b.upper]).filter((v): v is number => v !== null);
  const yd = domainOf([...line.map((p) => p.value), ...failures.map((p) => p.value), ...bounds]);
  const xd = domainOf(times, 0.02);
  const x = scale(xd, M.left, width - M.right);
  const y = scale(yd, height - M.bottom, M.top);
  const sorted = [...line].sort((a, b) => a.at.getTime() - b.at.getTime());
  const path = sorted
    .map((p, i) => `${i ? 'L' : 'M'}${x(p.at.getTime()).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join('');
  const tickCount = Math.max(2, Math.floor((width - M.left) / 160));
  const xTicks = Array.from(
    { length: tickCount },
    (_, i) => xd.min + ((xd.max - xd.min) * (i + 0.5)) / tickCount,
  );
  const tip = (p: ChartPoint, what: string) =>
    `${what} ${fmtNumber(p.value)} at ${localText(p.at)} (${utcText(p.at)})`;

  return (
    <div ref={ref} className="chart">
      <svg width={width} height={height} role="img" aria-label={`${label}: ${line.length} points`}>
        <title>{label}</title>
        {niceTicks(yd).map((t) => (
          <g key={t} className="chart-grid">
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 8} y={y(t)} dy="0.32em" textAnchor="end">
              {fmtNumber(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={t} className="chart-axis" x={x(t)} y={height - 8} textAnchor="middle">
            <title>{utcText(new Date(t))}</title>
            {shortLocalText(new Date(t))}
          </text>
        ))}
        {spans.map((s) => {
          const from = Math.max(s.from.getTime(), xd.min);
          const to = Math.min(s.to?.getTime() ?? xd.max, xd.max);
          if (to < from) return null;
          return (
            <rect
              key={`span${s.from.toISOString()}${s.label}`}
              className="chart-span"
              x={x(from)}
              y={M.top}
              width={Math.max(2, x(to) - x(from))}
              height={height - M.top - M.bottom}
            >
              <title>{`${s.label}: ${localText(s.from)}${s.to ? ` to ${localText(s.to)}` : ', still open'}`}</title>
            </rect>
          );
        })}
        {bandRuns(band).map((run) => {
          const top = run.map((b) => `${x(b.at.getTime()).toFixed(1)},${y(b.upper ?? yd.max).toFixed(1)}`);
          const bottom = run
            .map((b) => `${x(b.at.getTime()).toFixed(1)},${y(b.lower ?? yd.min).toFixed(1)}`)
            .reverse();
          // A single check's band is drawn as a short bar so it is still visible.
          const pts = run.length === 1 ? widen(top[0]!, bottom[0]!) : [...top, ...bottom].join(' ');
          return <polygon key={run[0]!.at.toISOString()} className="chart-band" points={pts} />;
        })}
        <path className="chart-line" d={path} />
        {sorted.length <= 120 &&
          sorted.map((p) => (
            <circle
              key={p.at.toISOString()}
              className="chart-dot"
              cx={x(p.at.getTime())}
              cy={y(p.value)}
              r={3}
            >
              <title>{tip(p, 'value')}</title>
            </circle>
          ))}
        {failures.map((p) => (
          <circle
            key={`f${p.at.toISOString()}`}
            className="chart-fail"
            cx={x(p.at.getTime())}
            cy={y(p.value)}
            r={5}
          >
            <title>{tip(p, 'failed:')}</title>
          </circle>
        ))}
      </svg>
      <p className="chart-legend" aria-hidden="true">
        <span className="key key-line" /> {label}
        {band.length > 0 && (
          <>
            <span className="key key-band" /> expected band
          </>
        )}
        {failures.length > 0 && (
          <>
            <span className="key key-fail" /> failed check
          </>
        )}
        {spans.length > 0 && (
          <>
            <span className="key key-span" /> incident
          </>
        )}
      </p>
    </div>
  );
}

function widen(top: string, bottom: string): string {
  const [tx, ty] = top.split(',').map(Number) as [number, number];
  const [, by] = bottom.split(',').map(Number) as [number, number];
  return `${tx - 4},${ty} ${tx + 4},${ty} ${tx + 4},${by} ${tx - 4},${by}`;
}
