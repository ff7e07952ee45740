import type { Item, ItemProgress } from './types';
import { answersOf, findingsOf, stateLabel, when } from './types';
import { idsOnly, type StepLabels } from './stepLabels';

export type ItemAction = 'addressed' | 'skip-wait' | 'extend-wait' | 'retry';

const labels: Record<ItemAction, string> = {
  addressed: 'Addressed',
  'skip-wait': 'Skip wait',
  'extend-wait': 'Extend wait',
  retry: 'Retry',
};

/** One row per item: person, findings, state, answers, pings (links to the GitLab notes), next timer, and its actions. */
export function ItemsTable({
  items,
  progress,
  selected,
  onSelect,
  onAction,
  stepNames = idsOnly,
}: {
  stepNames?: StepLabels;
  items: Item[];
  progress: Map<string, ItemProgress>;
  selected: string | null;
  onSelect: (id: string) => void;
  onAction: ((item: Item, action: ItemAction) => void) | null;
}) {
  return (
    <table className="items">
      <thead>
        <tr>
          <th>Person</th>
          <th>Findings</th>
          <th>State</th>
          <th>Answers</th>
          <th>Pings</th>
          <th>Next timer</th>
          {onAction && <th>Actions</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const p = progress.get(item.id);
          return (
            <tr key={item.id} data-item={item.id} className={selected === item.id ? 'selected' : ''}>
              <td>
                <button className="link" onClick={() => onSelect(item.id)}>
                  {item.person ?? item.id}
                </button>
                {item.person && (
                  <>
                    {' '}
                    <a
                      className="person-link"
                      href={`#/people/${encodeURIComponent(item.person)}`}
                      title={`Everything about @${item.person}`}
                    >
                      all runs ›
                    </a>
                  </>
                )}
              </td>
              <td className="findings">
                {findingsOf(item).map((f, i) => (
                  <div key={i} className="finding">
                    <span className="finding-text">{f.message ?? f.code}</span>
                    {f.message && <code className="finding-code">{f.code}</code>}
                  </div>
                ))}
              </td>
              <td className="state">
                <span className={`badge state-${item.state}`} data-state={item.state}>
                  {stateLabel(item.state)}
                </span>
                {p?.status === 'faulted' && <span className="badge bad">faulted</span>}
              </td>
              <td>
                {answersOf(item).map((a, i) => (
                  <div key={i} title={a.body}>
                    {a.author ?? a.kind} {when(a.at)}
                  </div>
                ))}
              </td>
              <td className="pings">
                {(p?.pings ?? []).map((ping, i) =>
                  ping.url ? (
                    <a key={i} href={ping.url} target="_blank" rel="noreferrer" title={when(ping.at)}>
                      @{ping.mention}
                    </a>
                  ) : (
                    <span key={i}>@{ping.mention}</span>
                  ),
                )}
              </td>
              <td className="timer" title={item.nextTimer?.step}>
                {item.nextTimer ? (
                  <>
                    {stepNames(item.nextTimer.step)}
                    <br />
                    ends <span className="due">{when(item.nextTimer.dueAt)}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              {onAction && (
                <td className="row-actions">
                  {(Object.keys(labels) as ItemAction[])
                    .filter((a) => (item.actions ?? []).includes(a))
                    .map((a) => (
                      <button key={a} onClick={() => onAction(item, a)}>
                        {labels[a]}
                      </button>
                    ))}
                  {(item.actions ?? []).length === 0 && <span className="muted">{nothingToDo(item)}</span>}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Why an item offers no action. */
function nothingToDo(item: Item): string {
  if (!item.status) return 'not followed up yet';
  if (item.status === 'completed') return 'follow-up ended';
  if (item.status === 'cancelled') return 'cancelled';
  return 'nothing to do';
}
