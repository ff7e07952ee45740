import { useState } from 'react';
import { $api, client, messageOf } from '../api/client';
import { hasRole, type Session } from '../auth/session';
import { ConfirmDialog, type PendingAction } from './ConfirmDialog';
import { ItemsTable, type ItemAction } from './ItemsTable';
import { Journal } from './Journal';
import { AlertsPanel } from './AlertsPanel';
import { EvidenceDownloads } from './EvidenceDownloads';
import { RunGraph } from './RunGraph';
import { StateCounts } from './StateCounts';
import { Timeline } from './Timeline';
import type { Alert, Item } from './types';
import { humanDuration, parseDuration, toTimeSpan } from '../format/duration';
import { idsOnly, stepLabels } from './stepLabels';

const pollEvery = 2000;
const changes = ['/api/runs/{id}', '/api/runs/{id}/progress', '/api/runs'] as const;

/** One run: its combined graph with counts, the items and their actions, an item's timeline, and the journals. */
export function RunPage({ id, session }: { id: string; session: Session }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [notice, setNotice] = useState('');
  const operator = hasRole(session, 'operator');

  // The run moves on its own (timers, replies, vendor checks): its page asks again every 2 seconds while open.
  const at = { params: { path: { id } } };
  const runQuery = $api.useQuery('get', '/api/runs/{id}', at, { refetchInterval: pollEvery });
  const progressQuery = $api.useQuery('get', '/api/runs/{id}/progress', at, { refetchInterval: pollEvery });
  const run = runQuery.data;
  const progress = progressQuery.data;
  const graphQuery = $api.useQuery(
    'get',
    '/api/definitions/{id}/combined',
    {
      params: {
        path: { id: progress?.definitionId ?? '' },
        query: { version: progress?.definitionVersion },
      },
    },
    { enabled: !!progress, staleTime: Infinity },
  );
  const graph = graphQuery.data;
  const failed = runQuery.error ?? progressQuery.error ?? graphQuery.error;
  const error = failed ? messageOf(failed) : '';

  if (!run || !progress) return error ? <p className="error">{error}</p> : <p className="muted">Loading the run…</p>;
  const items = run.items ?? [];
  const byItem = new Map(progress.items.map((p) => [p.id, p]));
  const chosen = items.find((i) => i.id === selected) ?? null;
  const labels = graph ? stepLabels(graph.nodes) : idsOnly;

  const itemAction = (item: Item, action: ItemAction) => {
    const who = item.person ?? item.id;
    const on = { params: { path: { id, itemId: item.id } } };
    const post = () => client.POST(`/api/runs/{id}/items/{itemId}/actions/${action}`, on);
    const plans: Record<ItemAction, PendingAction> = {
      addressed: {
        title: 'Mark as addressed',
        message: `Mark ${who}'s findings as addressed on your word?`,
        run: post,
        invalidates: [...changes],
        done: () => `${who} is marked as addressed; the follow-up takes it at its next wait and stops pinging.`,
      },
      'skip-wait': {
        title: 'Skip the wait',
        message: `End ${who}'s wait now? The next step (re-check, then ping again if still open) runs at once.`,
        run: post,
        invalidates: [...changes],
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
        run: (by) =>
          client.POST('/api/runs/{id}/items/{itemId}/actions/extend-wait', {
            ...on,
            body: { by: toTimeSpan(parseDuration(by)!) },
          }),
        invalidates: [...changes],
        done: (by) => `${who}'s wait now ends ${humanDuration(parseDuration(by)!)} later.`,
      },
      retry: {
        title: 'Retry',
        message: `Run ${who}'s faulted step again?`,
        run: post,
        invalidates: [...changes],
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
      run: () => client.POST('/api/instances/{id}/actions/retry', { params: { path: { id: alert.instanceId } } }),
      invalidates: [...changes],
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
            run: () => client.POST('/api/runs/{id}/actions/cancel', { params: { path: { id } } }),
            invalidates: [...changes],
            done: () => 'The run is cancelled; none of its items is followed up any more.',
          }
        : {
            title: 'Change the SOM',
            message: 'Hand this run to another Support Operations Manager:',
            input: { label: 'GitLab username', value: '' },
            run: (username) =>
              client.POST('/api/runs/{id}/actions/change-som', {
                params: { path: { id } },
                body: { username, reason: null },
              }),
            invalidates: [...changes],
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
      {operator && (run.actions ?? []).length > 0 && (
        <div className="actions run-actions">
          {(run.actions ?? []).includes('change-som') && (
            <button onClick={() => runAction('change-som')}>Change SOM</button>
          )}
          {(run.actions ?? []).includes('cancel') && (
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
            if (happened) setNotice(happened);
          }}
        />
      )}
    </section>
  );
}
