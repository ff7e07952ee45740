import { useState } from 'react';
import { $api, client, messageOf } from '../api/client';
import { namesOf, type RunStatus } from '../api/types';
import { FilterSelect } from '../format/FilterSelect';
import { useDebounced } from '../format/useDebounced';
import { hasRole, type Session } from '../auth/session';
import { navigate } from '../route';
import { ConfirmDialog, type PendingAction } from './ConfirmDialog';
import { StateCounts } from './StateCounts';
import { when, type Run } from './types';

const statuses = namesOf<RunStatus>({ running: 1, 'awaiting-review': 1, completed: 1, faulted: 1, cancelled: 1 });

/** The home page: runs grouped by audit and fiscal period, filterable, searchable by person; the next kickoff per audit. */
export function RunsPage({ session }: { session: Session }) {
  const operator = hasRole(session, 'operator');
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [audit, setAudit] = useState('');
  const [status, setStatus] = useState('');
  const [person, setPerson] = useState('');
  const [attentionOnly, setAttentionOnly] = useState(false);
  const [withTests, setWithTests] = useState(false);
  const kickoffQuery = $api.useQuery('get', '/api/kickoffs');
  const kickoffs = kickoffQuery.data ?? [];
  // The registered audits (GET /api/audits), in registration order: the filter's choices and each one's settings keys.
  const auditsQuery = $api.useQuery('get', '/api/audits');
  const audits = auditsQuery.data ?? [];
  const enabledSettingOf = (key: string) => audits.find((a) => a.key === key)?.enabledSetting;
  // Typing a person asks once the typing stops.
  const typedPerson = useDebounced(person.trim(), 250);
  const runsQuery = $api.useQuery(
    'get',
    '/api/runs',
    {
      params: { query: { audit: audit || undefined, person: typedPerson || undefined, tests: withTests || undefined } },
    },
    { placeholderData: (previous) => previous },
  );
  const runs = runsQuery.data;
  const failed = runsQuery.error ?? kickoffQuery.error ?? auditsQuery.error;
  const error = failed ? messageOf(failed) : '';

  const shown = (runs ?? []).filter(
    (r) => (!status || r.status === status) && (!attentionOnly || (r.attention ?? []).length > 0),
  );
  const groups = new Map<string, Run[]>();
  for (const run of shown) {
    const key = `${run.audit} · ${run.period}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }

  return (
    <section>
      <h2>Audit runs</h2>
      <div className="kickoffs" data-testid="kickoffs">
        {kickoffs.map((k) => (
          <span key={k.audit} className="kickoff">
            <strong>{k.audit}</strong>{' '}
            {k.enabled ? (
              <>
                next kickoff {k.period} on {when(k.at)}
              </>
            ) : (
              <>
                would start {k.period} on {when(k.at)}
              </>
            )}
            {!k.enabled && <NotScheduled enabledSetting={enabledSettingOf(k.audit)} />}
            {operator && <button onClick={() => setPending(startRun(k.audit))}>Start run</button>}
          </span>
        ))}
      </div>
      <div className="inline-form filters">
        <FilterSelect label="Audit" value={audit} options={audits.map((a) => a.key)} onChange={setAudit} />
        <FilterSelect label="Status" value={status} options={statuses} onChange={setStatus} />
        <label>
          <input type="checkbox" checked={attentionOnly} onChange={(e) => setAttentionOnly(e.target.checked)} /> Needs
          attention only
        </label>
        <label>
          <input type="checkbox" checked={withTests} onChange={(e) => setWithTests(e.target.checked)} /> Show test runs
        </label>
        <label>
          Person{' '}
          <input
            aria-label="Person"
            value={person}
            placeholder="username"
            onChange={(e) => setPerson(e.target.value)}
          />
        </label>
        {person.trim() && (
          <a href={`#/people/${encodeURIComponent(person.trim().replace(/^@/, ''))}`} data-testid="person-view-link">
            Everything about @{person.trim().replace(/^@/, '')} ›
          </a>
        )}
      </div>
      {error && <p className="error">{error}</p>}
      {runs && shown.length === 0 && (
        <p className="muted">
          {attentionOnly
            ? 'No run needs attention.'
            : audit || status || person.trim()
              ? 'No run matches these filters.'
              : 'No runs yet. Each run audits one tool against the team data: runs start on their kickoff date, or by "Start run" above (operators).'}
        </p>
      )}
      {[...groups].map(([key, group]) => (
        <div key={key} className="run-group">
          <h3>{key}</h3>
          <table>
            <thead>
              <tr>
                <th>Run</th>
                <th>Status</th>
                <th>Needs attention</th>
                <th>Kind</th>
                <th>SOM</th>
                <th>Items</th>
                <th>Issue</th>
              </tr>
            </thead>
            <tbody>
              {group.map((run) => (
                <tr key={run.id} data-run={run.id}>
                  <td>
                    <a href={`#/runs/${run.id}`}>{when(run.createdAt) || run.id.slice(0, 8)}</a>
                  </td>
                  <td>
                    <span className={`badge status-${run.status}`}>{run.status}</span>
                  </td>
                  <td className="attention">
                    {(run.attention ?? []).length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      (run.attention ?? []).map((a) => (
                        <span key={a} className="badge attention-badge">
                          {a}
                        </span>
                      ))
                    )}
                  </td>
                  <td>
                    {run.kind}
                    {run.test && (
                      <>
                        {' '}
                        <span className="badge test-badge">test run</span>
                      </>
                    )}
                  </td>
                  <td>{run.som ?? '—'}</td>
                  <td className="states">
                    <StateCounts counts={run.itemStates} />
                  </td>
                  <td>
                    {run.issue ? (
                      <a href={run.issue.webUrl} target="_blank" rel="noreferrer">
                        #{run.issue.iid}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {pending && <ConfirmDialog action={pending} onDone={() => setPending(null)} />}
    </section>
  );
}

/** A manual run of one audit; once the service took it, its page opens. */
function startRun(audit: string): PendingAction {
  return {
    title: `Start a ${audit} run`,
    message: `Start a manual ${audit} audit now? It runs the checks, opens a GitLab issue with the findings and pings each person.`,
    run: async () => {
      const { data: started } = await client.POST('/api/runs', { body: { audit } });
      navigate('runs', started!.id);
    },
    invalidates: ['/api/runs'],
    done: () => `The ${audit} run started.`,
  };
}

/** Why a kickoff will not happen, naming the audit's own switch once GET /api/audits has said which key that is. */
function NotScheduled({ enabledSetting }: { enabledSetting: string | undefined }) {
  const key = enabledSetting ?? "the audit's Enabled setting";
  return (
    <span
      className="badge warn"
      title={`Not started on schedule: ${key} is false, or the audit's vendor token is not set. Manual runs are always possible.`}
    >
      disabled: {enabledSetting ? <code>{enabledSetting}</code> : key} is false or no token is set
    </span>
  );
}
