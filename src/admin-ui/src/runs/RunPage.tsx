import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { hasRole, type Session } from '../auth/session';
import { ConfirmDialog, type PendingAction } from './ConfirmDialog';
import { ItemsTable, type ItemAction } from './ItemsTable';
import { Journal } from './Journal';
import { RunGraph } from './RunGraph';
import { StateCounts } from './StateCounts';
import { Timeline } from './Timeline';
import type { CombinedGraph, Item, Progress, Run } from './types';

/** One run: its combined graph with counts, the items and their actions, an item's timeline, and the journals. */
export function RunPage({ id, session }: { id: string; session: Session }) {
  const [run, setRun] = useState<Run | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [graph, setGraph] = useState<CombinedGraph | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [error, setError] = useState('');
  const operator = hasRole(session, 'operator');

  const load = useCallback(async () => {
    try {
      const [r, p] = await Promise.all([api<Run>('GET', `/api/runs/${id}`), api<Progress>('GET', `/api/runs/${id}/progress`)]);
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
    api<CombinedGraph>('GET', `/api/definitions/${encodeURIComponent(defId)}/combined?${query}`).then(setGraph, (e: Error) => setError(e.message));
  }, [definition]);

  if (!run || !progress) return error ? <p className="error">{error}</p> : <p className="muted">Loading the run…</p>;
  const items = run.items ?? [];
  const byItem = new Map(progress.items.map((p) => [p.id, p]));
  const chosen = items.find((i) => i.id === selected) ?? null;

  const itemAction = (item: Item, action: ItemAction) => {
    const who = item.person ?? item.id;
    const path = `/api/runs/${id}/items/${encodeURIComponent(item.id)}/actions/${action}`;
    const plans: Record<ItemAction, PendingAction> = {
      addressed: { title: 'Mark as addressed', message: `Mark ${who}'s findings as addressed on your word?`, run: () => api('POST', path) },
      'skip-wait': { title: 'Skip the wait', message: `Fire ${who}'s waiting timer now?`, run: () => api('POST', path) },
      'extend-wait': {
        title: 'Extend the wait', message: `Move ${who}'s timer later by:`, input: { label: 'By (d.hh:mm:ss)', value: '1.00:00:00' },
        run: (by) => api('POST', path, { by }),
      },
      retry: { title: 'Retry', message: `Retry ${who}'s faulted step?`, run: () => api('POST', path) },
    };
    setPending(plans[action]);
  };
  const runAction = (action: 'cancel' | 'change-som') =>
    setPending(action === 'cancel'
      ? { title: 'Cancel the run', message: 'Cancel this run and every item it follows up?', run: () => api('POST', `/api/runs/${id}/actions/cancel`) }
      : {
          title: 'Change the SOM', message: 'Hand this run to another Support Operations Manager:', input: { label: 'GitLab username', value: '' },
          run: (username) => api('POST', `/api/runs/${id}/actions/change-som`, { username }),
        });

  return (
    <section className="run-page">
      <h2>
        {run.audit} · {run.period} <span className={`badge status-${run.status}`} data-testid="run-status">{run.status}</span>
      </h2>
      <p>
        {run.kind} run · SOM <strong data-testid="run-som">{run.som ?? '—'}</strong>
        {run.issue && <> · issue <a href={run.issue.webUrl} target="_blank" rel="noreferrer">#{run.issue.iid}</a></>}
      </p>
      {operator && (
        <div className="actions run-actions">
          <button onClick={() => runAction('change-som')}>Change SOM</button>
          <button className="danger" onClick={() => runAction('cancel')}>Cancel run</button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
      <div className="graph-box">{graph ? <RunGraph graph={graph} counts={progress.steps} /> : <p className="muted">Loading the graph…</p>}</div>
      <h3>Items</h3>
      <p className="states" data-testid="run-item-states"><StateCounts counts={run.itemStates} /></p>
      <ItemsTable items={items} progress={byItem} selected={selected} onSelect={setSelected} onAction={operator ? itemAction : null} />
      {chosen && (
        <div className="item-detail" data-testid="item-detail">
          <h3>{chosen.person ?? chosen.id}</h3>
          <Timeline item={chosen} progress={byItem.get(chosen.id)} />
          <Journal entries={byItem.get(chosen.id)?.journal ?? []} title={`Journal of ${chosen.person ?? chosen.id}`} />
        </div>
      )}
      <Journal entries={progress.journal} title="Run journal" />
      {pending && <ConfirmDialog action={pending} onDone={(changed) => { setPending(null); if (changed) load(); }} />}
    </section>
  );
}
