import { useState } from 'react';
import { $api, messageOf } from '../api/client';
import { FilterSelect } from '../format/FilterSelect';
import { useDebounced } from '../format/useDebounced';
import { when } from '../runs/types';
import { instanceStatuses as statuses } from './types';

/** Every workflow instance, newest first, filtered by definition, status, key and run; each opens its own page. */
export function InstancesPage({ run: initialRun }: { run?: string }) {
  const [definition, setDefinition] = useState('');
  const [status, setStatus] = useState('');
  const [key, setKey] = useState('');
  const [run, setRun] = useState(initialRun ?? '');
  const definitions = ($api.useQuery('get', '/api/definitions').data?.definitions ?? []).map((d) => d.id);
  // Typing a key or a run asks once the typing stops.
  const typedKey = useDebounced(key.trim(), 250);
  const typedRun = useDebounced(run.trim(), 250);
  const list = $api.useQuery(
    'get',
    '/api/instances',
    {
      params: {
        query: {
          definition: definition || undefined,
          status: status || undefined,
          key: typedKey || undefined,
          run: /^[0-9a-f-]{36}$/i.test(typedRun) ? typedRun : undefined,
        },
      },
    },
    { placeholderData: (previous) => previous },
  );
  const instances = list.data;
  const error = list.error ? messageOf(list.error) : '';

  return (
    <section>
      <h2>Workflow instances</h2>
      <p className="muted">
        Every workflow instance, newest first: the audit runs, their flows and their items. Open one to see why it
        faulted and to retry, cancel or move it.
      </p>
      <div className="inline-form filters">
        <FilterSelect label="Definition" value={definition} options={definitions} onChange={setDefinition} />
        <FilterSelect label="Status" value={status} options={statuses} onChange={setStatus} />
        <label>
          Key{' '}
          <input aria-label="Key" value={key} placeholder="correlation key" onChange={(e) => setKey(e.target.value)} />
        </label>
        <label>
          Run{' '}
          <input aria-label="Run" value={run} placeholder="run id" size={38} onChange={(e) => setRun(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      {instances && instances.length === 0 && (
        <p className="empty" data-testid="instances-empty">
          {definition || status || key.trim() || run.trim()
            ? 'No instance matches these filters.'
            : 'No workflow instances yet. Each audit run starts one, plus one per flow and one per person it follows up: start a run on the Runs page, or a test run from the Designer.'}
        </p>
      )}
      {instances && instances.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Definition</th>
              <th>Version</th>
              <th>Status</th>
              <th>Step</th>
              <th>Key</th>
              <th>Started</th>
              <th>Last change</th>
            </tr>
          </thead>
          <tbody>
            {instances.map((i) => (
              <tr key={i.id} data-instance={i.id}>
                <td>
                  <a href={`#/instances/${i.id}`}>{i.definitionId}</a>
                </td>
                <td>
                  <a
                    href={`#/designer/${encodeURIComponent(i.definitionId)}/${i.definitionVersion}`}
                    title="Open this version in the designer"
                  >
                    {i.definitionVersion}
                  </a>
                </td>
                <td>
                  <span className={`badge status-${i.status}`}>{i.status}</span>
                  {i.status === 'faulted' && !!i.incident?.message && (
                    <div className="error small">{String(i.incident.message)}</div>
                  )}
                </td>
                <td>{i.currentStep ?? '—'}</td>
                <td>{i.correlationKey ?? '—'}</td>
                <td>{when(i.createdAt)}</td>
                <td>{when(i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
