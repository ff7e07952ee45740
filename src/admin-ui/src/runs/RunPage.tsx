import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { hasRole, type Session } from '../auth/session';
import { ConfirmDialog, type PendingAction } from './ConfirmDialog';
import { ItemsTable, type ItemAction } from './ItemsTable';
import { Journal } from './Journal';
import { AlertsPanel } from './AlertsPanel';
import { EvidenceDownloads } from './EvidenceDownloads';
import { RunGraph } from './RunGraph';
import { StateCounts } from './StateCounts';
import { Timeline } from './Timeline';
import type { Alert, CombinedGraph, Item, Progress, Run } from './types';
import { humanDuration, parseDuration, toTimeSpan } from '../format/duration';
import { idsOnly, stepLabels } from './stepLabels';

/** One run: its combined graph with counts, the items and their actions, an item's timeline, and the journals. */
export function RunPage({ id, session }: { id: string; session: Session }) {
  const [run, setRun] = useState<Run | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [graph, setGraph] = useState<CombinedGraph | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const operator = hasRole(session, 'operator');

  const load = useCallback(async () => {
    try {
      const [r, p] = await Promise.all([
        api<Run>('GET', `/api/runs/${id}`),
        api<Progress>('GET', `/api/runs/${id}/progress`),
      ]);
      setRun(r);
      setProgress(p);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);

  useEffect(() => {
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [load]);
  const definition = progress ? `${progress.definitionId}?version=${progress.definitionVersion}` : null;
  useEffect(() => {
    if (!definition) return;
    const [defId, query] = definition.split('?');
    api<CombinedGraph>('GET', `/api/definitions/${encodeURIComponent(defId)}/combined?${query}`).then(
      setGraph,
      (e: Error) => setError(e.message),
    );
  }, [definition]);

  if (!run || !progress) return error ? <p className="error">{error}</p> : <p className="muted">Loading the run…</p>;
  const items = run.items ?? [];
  const byItem = new Map(progress.items.map((p) => [p.id, p]));
  const chosen = items.find((i) => i.id === selected) ?? null;
  const labels = graph ? stepLabels(graph.nodes) : idsOnly;

  const itemAction = (item: Item, action: ItemAction) => {
    const who = item.person ?? item.id;
    const path = `/api/runs/${id}/items/${encodeURIComponent(item.id)}/actions/${action}`;
    const plans: Record<ItemAction, PendingAction> = {
      addressed: {
        title: 'Mark as addressed',
        message: `Mark ${who}'s findings as addressed on your word?`,
        run: () => api('POST', path),
        done: () => `${who} is marked as addressed; the follow-up takes it at its next wait and stops pinging.`,
      },
      'skip-wait': {
        title: 'Skip the wait',
        message: `End ${who}'s wait now? The next step (re-check, then ping again if still open) runs at once.`,
        run: () => api('POST', path),
        done: () => `${who}'s wait was skipped; the next step runs now.`,
      },
      'extend-wait': {
        title: 'Extend the wait',
        message: `Move ${who}'s timer later by:`,
        input: {
          label: 'By',
          value: '1d',
          placeholder: '72h, 3d or 3.00:00:00',
          check: (v) => {
            const s = parseDuration(v);
            return s && s > 0
              ? { ok: true, text: `= ${humanDuration(s)}` }
              : { ok: false, text: 'Write a duration such as 72h, 3d, 1d 12h or 3.00:00:00.' };
          },
        },
        run: (by) => api('POST', path, { by: toTimeSpan(parseDuration(by)!) }),
        done: (by) => `${who}'s wait now ends ${humanDuration(parseDuration(by)!)} later.`,
      },
      retry: {
        title: 'Retry',
        message: `Run ${who}'s faulted step again?`,
        run: () => api('POST', path),
        done: () => `${who}'s faulted step is running again.`,
      },
    };
    setPending(plans[action]);
  };
  const retryAlert = (alert: Alert) => {
    const what = alert.item ? `${alert.item}'s` : "the audit's";
    setPending({
      title: 'Retry the faulted step',
      message: `Run ${what} step “${labels(alert.step)}” again? It faulted with: ${alert.message}`,
      run: () => api('POST', `/api/instances/${alert.instanceId}/actions/retry`),
      done: () =>
        `${what[0].toUpperCase()}${what.slice(1)} faulted step is running again; the alert closes once it passes.`,
    });
  };
  const runAction = (action: 'cancel' | 'change-som') =>
    setPending(
      action === 'cancel'
        ? {
            title: 'Cancel the run',
            message: 'Cancel this run and every item it follows up? Nobody is pinged for it again.',
            run: () => api('POST', `/api/runs/${id}/actions/cancel`),
            done: () => 'The run is cancelled; none of its items is followed up any more.',
          }
        : {
            title: 'Change the SOM',
            message: 'Hand this run to another Support Operations Manager:',
            input: { label: 'GitLab username', value: '' },
            run: (username) => api('POST', `/api/runs/${id}/actions/change-som`, { username }),
            done: (username) => `${username.replace(/^@/, '')} is now the run's SOM and will be asked for the review.`,
          },
    );

  return (
    <section className="run-page">
      <h2>
        {run.audit} · {run.period}{' '}
        <span className={`badge status-${run.status}`} data-testid="run-status">
          {run.status}
        </span>
        {run.test && (
          <>
            {' '}
            <span
              className="badge test-badge"
              data-testid="test-run"
              title="Started from the designer against simulated vendors: not a real audit."
            >
              test run
            </span>
          </>
        )}
      </h2>
      <p>
        {run.kind} run · SOM <strong data-testid="run-som">{run.som ?? '—'}</strong>
        {run.issue && (
          <>
            {' '}
            · issue{' '}
            <a href={run.issue.webUrl} target="_blank" rel="noreferrer">
              #{run.issue.iid}
            </a>
          </>
        )}
        {' · '}
        <a href={`#/instances/run/${run.id}`}>its instances</a>
      </p>
      <EvidenceDownloads runId={run.id} />
      {operator && run.actions.length > 0 && (
        <div className="actions run-actions">
          {run.actions.includes('change-som') && <button onClick={() => runAction('change-som')}>Change SOM</button>}
          {run.actions.includes('cancel') && (
            <button className="danger" onClick={() => runAction('cancel')}>
              Cancel run
            </button>
          )}
        </div>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="notice">
          {notice}{' '}
          <button className="link" aria-label="Dismiss" onClick={() => setNotice('')}>
            ×
          </button>
        </p>
      )}
      {error && <p className="error">{error}</p>}
      <AlertsPanel alerts={run.alerts ?? []} onRetry={operator ? retryAlert : null} labels={labels} />
      <div className="graph-box">
        {graph ? <RunGraph graph={graph} counts={progress.steps} /> : <p className="muted">Loading the graph…</p>}
      </div>
      <h3>Items</h3>
      <p className="states" data-testid="run-item-states">
        <StateCounts counts={run.itemStates} />
      </p>
      {items.length === 0 ? (
        <p className="empty" data-testid="items-empty">
          {run.status === 'running' && !progress.journal.some((e) => e.kind === 'audit-ran')
            ? "No items yet: each finding of the audit's checks becomes an item here (a person to follow up) once the checks have run."
            : 'No items: the checks found nothing to follow up.'}
        </p>
      ) : (
        <ItemsTable
          items={items}
          progress={byItem}
          selected={selected}
          onSelect={setSelected}
          onAction={operator ? itemAction : null}
          stepNames={labels}
        />
      )}
      {chosen && (
        <div className="item-detail" data-testid="item-detail">
          <h3>{chosen.person ?? chosen.id}</h3>
          <Timeline item={chosen} progress={byItem.get(chosen.id)} labels={labels} />
          <Journal
            entries={byItem.get(chosen.id)?.journal ?? []}
            title={`Journal of ${chosen.person ?? chosen.id}`}
            issueUrl={run.issue?.webUrl}
            labels={labels}
          />
        </div>
      )}
      <Journal entries={progress.journal} title="Run journal" issueUrl={run.issue?.webUrl} labels={labels} />
      {pending && (
        <ConfirmDialog
          action={pending}
          onDone={(happened) => {
            setPending(null);
            if (happened) {
              setNotice(happened);
              load();
            }
          }}
        />
      )}
    </section>
  );
}
