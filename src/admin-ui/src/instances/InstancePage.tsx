import { useState } from 'react';
import { $api, client, messageOf } from '../api/client';
import { hasRole, type Session } from '../auth/session';
import { ConfirmDialog, type PendingAction } from '../runs/ConfirmDialog';
import { Journal } from '../runs/Journal';
import { when } from '../runs/types';
import { finished } from './types';
import { idsOnly, stepLabels } from '../runs/stepLabels';

/** One instance: why it faulted, where it is, its run and person, its journal, and retry / cancel / move to version. */
export function InstancePage({ id, session }: { id: string; session: Session }) {
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [notice, setNotice] = useState('');
  const operator = hasRole(session, 'operator');
  const admin = hasRole(session, 'admin');
  const at = { params: { path: { id } } };
  const detailQuery = $api.useQuery('get', '/api/instances/{id}', at);
  const placeQuery = $api.useQuery('get', '/api/instances/{id}/place', at);
  const detail = detailQuery.data;
  const place = placeQuery.data;
  const failed = detailQuery.error ?? placeQuery.error;
  const error = failed ? messageOf(failed) : '';
  const instance = detail?.instance;
  const versionQuery = $api.useQuery(
    'get',
    '/api/definitions/{id}/versions/{version}',
    { params: { path: { id: instance?.definitionId ?? '', version: instance?.definitionVersion ?? 0 } } },
    { enabled: !!instance },
  );
  const labels = versionQuery.data
    ? stepLabels(
        versionQuery.data.definition.steps.map((s) => ({
          definitionId: versionQuery.data.definitionId,
          stepId: s.id,
          label: s.label ?? '',
        })),
      )
    : idsOnly;

  if (!detail || !place)
    return error ? <p className="error">{error}</p> : <p className="muted">Loading the instance…</p>;
  const i = detail.instance;
  const lineage = place.parents;
  const runId = place.runId;
  const on = { params: { path: { id: i.id } } };
  const changes = ['/api/instances/{id}', '/api/instances/{id}/place', '/api/instances'] as const;
  const act = (action: PendingAction) => setPending(action);

  return (
    <section className="instance-page">
      <h2>
        {i.definitionId} <span className="muted">version {i.definitionVersion}</span>{' '}
        <span className={`badge status-${i.status}`} data-testid="instance-status">
          {i.status}
        </span>
      </h2>
      {i.status === 'faulted' && (
        <div className="incident" data-testid="incident" role="alert">
          <strong>Faulted at step “{labels(String(i.incident?.step ?? i.currentStep ?? '?'))}”:</strong>{' '}
          {String(i.incident?.message ?? 'no message was recorded')}
          {i.incident?.at ? <span className="muted"> · {when(String(i.incident.at))}</span> : null}
        </div>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {error && <p className="error">{error}</p>}
      <dl className="kv">
        <dt>Run</dt>
        <dd>
          {runId ? (
            <a href={`#/runs/${runId}`} data-testid="instance-run">
              {runId === i.id ? `this is the ${place.audit} run` : `the ${place.audit} run`}
            </a>
          ) : (
            '— (not part of an audit run)'
          )}
        </dd>
        <dt>Person</dt>
        <dd data-testid="instance-person">
          {place.person ? (
            <a href={`#/people/${encodeURIComponent(place.person)}`}>@{place.person}</a>
          ) : (
            (place.itemId ?? '—')
          )}
        </dd>
        <dt>Current step</dt>
        <dd title={i.currentStep ?? ''}>{i.currentStep ? labels(i.currentStep) : '—'}</dd>
        <dt>Started</dt>
        <dd>{when(i.createdAt)}</dd>
        <dt>Last change</dt>
        <dd>{when(i.updatedAt)}</dd>
        {i.completedAt && (
          <>
            <dt>Ended</dt>
            <dd>
              {when(i.completedAt)}
              {i.outcome ? ` (${i.outcome})` : ''}
            </dd>
          </>
        )}
        {i.correlationKey && (
          <>
            <dt>Key</dt>
            <dd>{i.correlationKey}</dd>
          </>
        )}
        {lineage.length > 0 && (
          <>
            <dt>Started by</dt>
            <dd>
              {lineage.map((p, n) => (
                <span key={p.id}>
                  {n > 0 && ' › '}
                  <a href={`#/instances/${p.id}`} className="crumb">
                    {p.definitionId}
                  </a>
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      {operator && !finished.includes(i.status) && (
        <div className="actions">
          {i.status === 'faulted' && (
            <button
              className="primary"
              onClick={() =>
                act({
                  title: 'Retry',
                  message: `Run step “${labels(i.currentStep)}” again?`,
                  run: () => client.POST('/api/instances/{id}/actions/retry', on),
                  invalidates: [...changes],
                  done: () => 'The faulted step is running again.',
                })
              }
            >
              Retry
            </button>
          )}
          <button
            className="danger"
            onClick={() =>
              act({
                title: 'Cancel the instance',
                message: `Cancel this ${i.definitionId} instance? It stops where it is and does nothing more.`,
                run: () => client.POST('/api/instances/{id}/actions/cancel', on),
                invalidates: [...changes],
                done: () => 'The instance is cancelled.',
              })
            }
          >
            Cancel
          </button>
          {admin && (
            <button
              onClick={() =>
                act({
                  title: 'Move the instance to another version',
                  message: `${i.definitionId} is at version ${i.definitionVersion}, step ${i.currentStep ?? '—'}. It continues from the same step in the version you choose.`,
                  input: { label: 'Version', value: String(i.definitionVersion + 1) },
                  run: (version) =>
                    client.POST('/api/instances/{id}/actions/migrate', { ...on, body: { version: Number(version) } }),
                  invalidates: [...changes],
                  done: (version) => `The instance now follows version ${version}.`,
                })
              }
            >
              Move to version…
            </button>
          )}
        </div>
      )}
      {detail.children.length > 0 && (
        <p>
          Started {detail.children.length} instance{detail.children.length === 1 ? '' : 's'}:{' '}
          <a href={runId ? `#/instances/run/${runId}` : '#/instances'}>see them among the instances</a>
        </p>
      )}
      <Journal entries={detail.journal} title="Journal" labels={labels} />
      {pending && (
        <ConfirmDialog
          action={pending}
          onDone={(happened) => {
            setPending(null);
            if (happened) {
              setNotice(happened);
            }
          }}
        />
      )}
    </section>
  );
}
