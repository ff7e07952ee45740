import type { DayCount } from '../api/types';

/** Records per day as SVG bars, oldest on the left. */
export function PerDayChart({ days }: { days: DayCount[] }) {
  if (days.length === 0) return <p className="muted">No records in this range.</p>;
  const w = 720,
    h = 160,
    pad = 28;
  const max = Math.max(...days.map((d) => d.count));
  const bar = Math.min(48, (w - 2 * pad) / days.length);
  return (
    <svg className="per-day" width={w} height={h} role="img" aria-label="Records per day">
      <line x1={pad} x2={w - pad} y1={h - pad} y2={h - pad} className="axis" />
      <text x={4} y={14} className="tick">
        {max}
      </text>
      {days.map((d, i) => {
        const bh = (d.count / max) * (h - 2 * pad);
        return (
          <g key={d.day} className="bar" data-day={d.day} data-count={d.count}>
            <title>{`${d.day}: ${d.count}`}</title>
            <rect x={pad + i * bar + 2} y={h - pad - bh} width={Math.max(1, bar - 4)} height={bh} />
            {(days.length <= 14 || i % Math.ceil(days.length / 14) === 0) && (
              <text x={pad + i * bar + bar / 2} y={h - pad + 14} textAnchor="middle" className="tick">
                {d.day.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
