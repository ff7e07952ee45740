import { itemStates, stateLabel } from './types';

/** The item counts per state as the server gives them (the one place that counts), in a fixed order. */
export function StateCounts({ counts }: { counts: Record<string, number> | null | undefined }) {
  const known = itemStates.filter((s) => counts?.[s]);
  const other = Object.keys(counts ?? {}).filter((s) => !(itemStates as string[]).includes(s) && counts![s]);
  if (known.length + other.length === 0) return <span className="muted">no items</span>;
  return (
    <>
      {[...known, ...other].map((s) => (
        <span key={s} className={`badge state-${s}`} data-state={s} data-count={counts![s]}>
          {stateLabel(s)} {counts![s]}
        </span>
      ))}
    </>
  );
}
