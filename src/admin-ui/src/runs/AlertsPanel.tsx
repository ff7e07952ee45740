import type { Alert } from './types';
import { when } from './types';
import { idsOnly, type StepLabels } from './stepLabels';

/** The run's open alerts (a faulted step, a wait far past its time), each with what can be done about it. */
export function AlertsPanel({
  alerts,
  onRetry,
  labels = idsOnly,
}: {
  alerts: Alert[];
  onRetry: ((alert: Alert) => void) | null;
  labels?: StepLabels;
}) {
  if (alerts.length === 0) return null;
  return (
    <div className="alerts" data-testid="alerts" role="region" aria-label="Open alerts">
      <h3>Needs attention: {alerts.length === 1 ? '1 open alert' : `${alerts.length} open alerts`}</h3>
      <ul>
        {alerts.map((a) => (
          <li key={a.id} data-alert={a.kind} data-item={a.item ?? ''}>
            <strong>{a.kind === 'faulted' ? 'Faulted' : 'Overdue'}</strong>
            {a.item ? (
              <>
                {' '}
                · item <strong>{a.item}</strong>
              </>
            ) : (
              ' · the audit itself'
            )}
            {a.step && <> · step “{labels(a.step)}”</>}: <span className="alert-message">{a.message}</span>
            <span className="muted">
              {' '}
              · since {when(a.openedAt)}
              {a.dueAt && <>, was due {when(a.dueAt)}</>}
            </span>{' '}
            <a href={`#/instances/${a.instanceId}`}>Open the instance</a>
            {onRetry && a.kind === 'faulted' && (
              <>
                {' '}
                <button onClick={() => onRetry(a)}>Retry</button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
