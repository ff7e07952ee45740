import type { Item, ItemProgress } from './types';
import { answersOf, when } from './types';
import { idsOnly, type StepLabels } from './stepLabels';

/** An item's pings (blue dots), answers (green diamonds) and next timer (hollow ring) on one time axis. */
export function Timeline({
  item,
  progress,
  labels = idsOnly,
}: {
  item: Item;
  progress: ItemProgress | undefined;
  labels?: StepLabels;
}) {
  const events = [
    ...(progress?.pings ?? []).map((p) => ({
      at: Date.parse(p.at),
      kind: 'ping',
      label: `pinged @${p.mention ?? p.whom ?? ''}`,
      detail: labels(p.step),
    })),
    ...answersOf(item)
      .filter((a) => a.at)
      .map((a) => ({
        at: Date.parse(a.at!),
        kind: 'answer',
        label: `${a.author ? `@${a.author.replace(/^@/, '')}` : 'someone'} answered`,
        detail: a.body ?? '',
      })),
    ...(item.nextTimer
      ? [
          {
            at: Date.parse(item.nextTimer.dueAt),
            kind: 'timer',
            label: 'wait ends',
            detail: labels(item.nextTimer.step),
          },
        ]
      : []),
  ].sort((a, b) => a.at - b.at);
  if (events.length === 0) return <p className="muted">No pings or answers yet.</p>;
  const w = 720,
    h = 90,
    pad = 40;
  const start = events[0].at,
    end = Math.max(events[events.length - 1].at, start + 3600_000);
  const x = (t: number) => pad + ((t - start) / (end - start)) * (w - 2 * pad);
  return (
    <svg className="timeline" width={w} height={h} role="img" aria-label={`Timeline of ${item.person ?? item.id}`}>
      <line x1={pad} x2={w - pad} y1={45} y2={45} className="axis" />
      <text x={pad} y={80} className="tick">
        {when(new Date(start).toISOString())}
      </text>
      <text x={w - pad} y={80} className="tick" textAnchor="end">
        {when(new Date(end).toISOString())}
      </text>
      {events.map((e, i) => (
        <g key={i} className={`event ${e.kind}`} data-kind={e.kind} transform={`translate(${x(e.at)},45)`}>
          <title>{`${e.label} — ${when(new Date(e.at).toISOString())}${e.detail ? ` (${e.detail})` : ''}`}</title>
          {e.kind === 'ping' && <circle r={6} />}
          {e.kind === 'answer' && <rect x={-6} y={-6} width={12} height={12} transform="rotate(45)" />}
          {e.kind === 'timer' && <circle r={7} className="hollow" />}
          <text y={i % 2 ? 22 : -12} textAnchor="middle">
            {e.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
