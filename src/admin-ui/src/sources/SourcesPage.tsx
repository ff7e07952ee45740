import { $api, messageOf } from '../api/client';
import { hasRole, type Session } from '../auth/session';
import { VerifyButton } from '../settings/VerifyButton';
import { AuditRecords } from './AuditRecords';
import { when as formatWhen } from '../format/time';

const when = (iso: string | null) => formatWhen(iso) || '—';

/** The source's health in words: "healthy" only once a poll has succeeded; a source that is off says so. */
function health(s: { enabled: boolean; status: string; lastSuccessfulPoll: string | null }): string {
  if (!s.enabled) return 'off';
  return s.status === 'healthy' && !s.lastSuccessfulPoll ? 'not polled yet' : s.status;
}

/** The collected sources (the PagerDuty audit records): health, counts, notifications, verify, and the records. */
export function SourcesPage({ session }: { session: Session }) {
  const { data: sources, error } = $api.useQuery('get', '/api/sources');
  return (
    <section>
      <h2>Sources</h2>
      {error && <p className="error">{messageOf(error)}</p>}
      {sources?.length === 0 && (
        <p className="empty">
          No sources are collected. The PagerDuty audit records are collected every minute once a PagerDuty token is
          set.
        </p>
      )}
      {sources?.map((s) => (
        <div key={s.name} className="source" data-source={s.name}>
          <h3>
            {s.name}{' '}
            <span className={`badge source-${health(s).replaceAll(' ', '-')}`} data-testid="source-status">
              {health(s)}
            </span>
          </h3>
          {s.reason && <p>{s.reason}</p>}
          <p className="muted">
            Last successful poll {when(s.lastSuccessfulPoll)} · last record {when(s.lastRecordTime)} · {s.recordsStored}{' '}
            records stored · {s.malformedRecords} malformed · {s.failedPasses} failed passes
          </p>
          {hasRole(session, 'admin') && <VerifyButton connection={s.type} />}
          {s.recentNotifications.length > 0 && (
            <ul className="notifications">
              {s.recentNotifications.map((n, i) => (
                <li key={i}>
                  {when(n.createdAt)}: {n.from} → {n.to}: {n.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
      <AuditRecords />
    </section>
  );
}
