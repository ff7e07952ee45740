import { useEffect, useState } from 'react';
import { api } from '../api';

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

// The audit runs dashboard needs /api/runs, which does not exist yet; until then this lists workflow instances.
export function InstancesPage() {
  const [instances, setInstances] = useState<InstanceSummary[] | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    const query = status ? `?status=${encodeURIComponent(status)}` : '';
    api<InstanceSummary[]>('GET', `/api/instances${query}`).then(setInstances, (e: Error) => setError(e.message));
  }, [status]);

  return (
    <section>
      <h2>Workflow instances</h2>
      <p className="muted">The audit runs dashboard comes with the runs API; this is every workflow instance, newest first.</p>
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
            <tr><th>Definition</th><th>Version</th><th>Status</th><th>Step</th><th>Key</th><th>Updated</th></tr>
          </thead>
          <tbody>
            {instances.map((i) => (
              <tr key={i.id}>
                <td><a href={`#/designer/${encodeURIComponent(i.definitionId)}/${i.definitionVersion}`}>{i.definitionId}</a></td>
                <td>{i.definitionVersion}</td>
                <td>{i.status}</td>
                <td>{i.currentStep ?? '—'}</td>
                <td>{i.correlationKey ?? '—'}</td>
                <td>{new Date(i.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
