import type { PipelineHeatmap } from '../api/types-respond.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/**
 * Run starts by weekday and hour in the reader's time zone: a schedule shows as a stripe, a job
 * that drifted as a smear. Cells with failures are tinted red; the count is written in each cell.
 */
export function ScheduleHeatmap({ map }: { map: PipelineHeatmap }) {
  const max = Math.max(1, ...map.runs.flat());
  return (
    <div className="heatmap-wrap">
      <table className="heatmap">
        <caption className="sr-only">
          Pipeline run starts by weekday (rows) and hour (columns), {map.timeZone}
        </caption>
        <thead>
          <tr>
            <th />
            {HOURS.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((day, d) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {HOURS.map((hour, h) => {
                const n = map.runs[d]?.[h] ?? 0;
                const failed = map.failures[d]?.[h] ?? 0;
                const alpha = n ? 0.15 + (0.85 * n) / max : 0;
                const colour = failed ? '192, 38, 45' : '36, 86, 199';
                return (
                  <td
                    key={hour}
                    title={`${day} ${hour}:00 — ${n} run${n === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}`}
                    style={{ background: alpha ? `rgba(${colour}, ${alpha.toFixed(2)})` : undefined }}
                  >
                    {n || ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
