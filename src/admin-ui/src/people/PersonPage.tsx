import { useQueries } from '@tanstack/react-query';
import { $api, messageOf } from '../api/client';
import { StateCounts } from '../runs/StateCounts';
import { answersOf, findingsOf, stateLabel, when, type Item, type ItemProgress, type Run } from '../runs/types';
import { personRuns, waitingOn, whatNext } from './personWords';

interface Appearance {
  run: Run;
  items: { item: Item; progress: ItemProgress | undefined }[];
  som: boolean;
}

/** Everything about one person: each run they appear in, their findings and answers, who waits on whom, and what comes next. */
export function PersonPage({ username }: { username: string }) {
  const asItem = $api.useQuery('get', '/api/runs', { params: { query: { limit: 200, person: username } } });
  const all = $api.useQuery('get', '/api/runs', { params: { query: { limit: 200 } } });
  const listed = asItem.data && all.data ? personRuns(asItem.data, all.data, username) : [];
  const details = useQueries({
    queries: listed.flatMap((summary) => [
      $api.queryOptions('get', '/api/runs/{id}', { params: { path: { id: summary.id } } }),
      $api.queryOptions('get', '/api/runs/{id}/progress', { params: { path: { id: summary.id } } }),
    ]),
  });
  const failed = asItem.error ?? all.error ?? details.find((d, n) => n % 2 === 0 && d.error)?.error;
  const error = failed ? messageOf(failed) : '';
  // A run's progress is a nicety: without it the items still show.
  const ready = asItem.data && all.data && details.every((d, n) => d.data || (n % 2 === 1 && d.isError));
  const found: Appearance[] | null = ready
    ? listed
        .map((_, n) => {
          const run = details[2 * n].data as Run;
          const progress = details[2 * n + 1].data as { items: ItemProgress[] } | undefined;
          const mine = (run.items ?? []).filter((i) => same(i.person, username));
          return {
            run,
            som: same(run.som, username),
            items: mine.map((item) => ({ item, progress: progress?.items.find((p) => p.id === item.id) })),
          };
        })
        .filter((a) => a.som || a.items.length > 0)
    : null;

  if (error) return <p className="error">{error}</p>;
  if (!found) return <p className="muted">Looking for @{username} in every run…</p>;
  return (
    <section className="person-page">
      <h2>@{username}</h2>
      <p className="muted">
        <a href="#/runs">All runs</a> · every run @{username} appears in, newest first: as a person followed up, or as
        the run's SOM.
      </p>
      {found.length === 0 && (
        <p className="empty" data-testid="person-empty">
          @{username} appears in no run: no audit found anything about them and they are no run's SOM. Check the
          spelling (a GitLab username, without @).
        </p>
      )}
      {found.map(({ run, items, som }) => (
        <article key={run.id} className="person-run" data-run={run.id}>
          <h3>
            <a href={`#/runs/${run.id}`}>
              {run.audit} · {run.period}
            </a>{' '}
            <span className={`badge status-${run.status}`}>{run.status}</span>{' '}
            {run.test && <span className="badge test-badge">test run</span>}{' '}
            <span className="muted">started {when(run.createdAt)}</span>
          </h3>
          {run.itemStates && (
            <p className="muted">
              All items of the run: <StateCounts counts={run.itemStates} />
            </p>
          )}
          {som && (
            <p className="som-role" data-testid="person-som">
              {run.status === 'awaiting-review' ? (
                <>
                  The run waits on @{username}: as its SOM they are asked to review and approve it
                  {run.issue ? (
                    <>
                      {' '}
                      on{' '}
                      <a href={run.issue.webUrl} target="_blank" rel="noreferrer">
                        the issue
                      </a>
                    </>
                  ) : null}
                  .
                </>
              ) : (
                <>@{username} is the run’s SOM: escalations come to them and they approve the review.</>
              )}
            </p>
          )}
          {items.map(({ item, progress }) => (
            <div key={item.id} className="person-item" data-item={item.id}>
              <dl className="kv">
                <dt>State</dt>
                <dd>
                  <span className={`badge state-${item.state}`} data-state={item.state}>
                    {stateLabel(item.state)}
                  </span>
                  {item.instanceId && (
                    <>
                      {' '}
                      · <a href={`#/instances/${item.instanceId}`}>its follow-up instance</a>
                    </>
                  )}
                </dd>
                <dt>Findings</dt>
                <dd>
                  {findingsOf(item).length === 0 ? (
                    '—'
                  ) : (
                    <ul className="person-findings">
                      {findingsOf(item).map((f, n) => (
                        <li key={n}>
                          <span className="finding-text">{f.message ?? f.code}</span>{' '}
                          {f.message && <code className="finding-code">{f.code}</code>}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
                <dt>Answered</dt>
                <dd data-testid="person-answers">
                  {answersOf(item).length === 0
                    ? 'nothing yet'
                    : answersOf(item).map((a, n) => (
                        <div key={n}>
                          {a.author ? `@${a.author}` : 'someone'} {a.kind ? `(${a.kind}) ` : ''}
                          {when(a.at)}
                          {a.body ? <>: “{a.body}”</> : null}
                        </div>
                      ))}
                </dd>
                <dt>Waiting</dt>
                <dd data-testid="person-waiting">{waitingOn(item, progress, username)}</dd>
                <dt>Next</dt>
                <dd data-testid="person-next">{whatNext(item)}</dd>
              </dl>
            </div>
          ))}
        </article>
      ))}
    </section>
  );
}

function same(a: string | null | undefined, b: string): boolean {
  return !!a && a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();
}
