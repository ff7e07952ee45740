import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { hasRole, type Session } from '../auth/session';
import { ConfirmDialog, type PendingAction } from '../runs/ConfirmDialog';

interface InstanceSummary {
  id: string;
  definitionId: string;
  definitionVersion: number;
  status: string;
  currentStep: string | null;
  correlationKey: string | null;
  createdAt: string;
  updatedAt: string;
}

const finished = ['completed', 'cancelled'];

/** Every workflow instance, newest first; admins move an unfinished one to another version of its definition. */
export function InstancesPage({ session }: { session: Session }) {
  const [instances, setInstances] = useState<InstanceSummary[] | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [pending, setPending] = useState<PendingAction | null>(null);
  const admin = hasRole(session, 'admin');

  const load = useCallback(() => {
    const query = status ? `?status=${encodeURIComponent(status)}` : '';
    api<InstanceSummary[]>('GET', `/api/instances${query}`).then(setInstances, (e: Error) => setError(e.message));
  }, [status]);
  useEffect(load, [load]);

  // Publishing never moves running instances; this does, and the server refuses it (with the reason, shown in the
  // dialog) when the instance's current step does not exist in the chosen version.
  const moveToVersion = (instance: InstanceSummary) =>
    setPending({
      title: 'Move the instance to another version',
      message: `${instance.definitionId} is at version ${instance.definitionVersion}, step ${instance.currentStep ?? '—'}. It continues from the same step in the version you choose.`,
      input: { label: 'Version', value: String(instance.definitionVersion + 1) },
      run: (version) => api('POST', `/api/instances/${instance.id}/actions/migrate`, { version: Number(version) }),
      done: (version) => `The instance now follows version ${version} of ${instance.definitionId}.`,
    });

  return (
    <section>
      <h2>Workflow instances</h2>
      <p className="muted">Every workflow instance, newest first: the audit runs and their items, and any other definition started.</p>
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any</option>
          {['running', 'waiting', 'completed', 'faulted', 'cancelled'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {error && <p className="error">{error}</p>}
      {instances && instances.length === 0 && <p className="muted">No instances.</p>}
      {instances && instances.length > 0 && (
        <table>
          <thead>
            <tr><th>Definition</th><th>Version</th><th>Status</th><th>Step</th><th>Key</th><th>Updated</th>{admin && <th></th>}</tr>
          </thead>
          <tbody>
            {instances.map((i) => (
              <tr key={i.id} data-instance={i.id}>
                <td><a href={`#/designer/${encodeURIComponent(i.definitionId)}/${i.definitionVersion}`}>{i.definitionId}</a></td>
                <td>{i.definitionVersion}</td>
                <td>{i.status}</td>
                <td>{i.currentStep ?? '—'}</td>
                <td>{i.correlationKey ?? '—'}</td>
                <td>{new Date(i.updatedAt).toLocaleString()}</td>
                {admin && (
                  <td>{!finished.includes(i.status) && <button onClick={() => moveToVersion(i)}>Move to version…</button>}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && (
        <ConfirmDialog
          action={pending}
          onDone={(happened) => {
            setPending(null);
            if (happened) load();
          }}
        />
      )}
    </section>
  );
}
