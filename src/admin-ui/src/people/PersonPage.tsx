import { useEffect, useState } from 'react';
import { api } from '../api';
import { StateCounts } from '../runs/StateCounts';
import { stateLabel, when, type Item, type ItemProgress, type Progress, type Run } from '../runs/types';
import { personRuns, waitingOn, whatNext } from './personWords';

interface Appearance {
  run: Run;
  items: { item: Item; progress: ItemProgress | undefined }[];
  som: boolean;
}

/** Everything about one person: each run they appear in, their findings and answers, who waits on whom, and what comes next. */
export function PersonPage({ username }: { username: string }) {
  const [found, setFound] = useState<Appearance[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    (async () => {
      const [asItem, all] = await Promise.all([
        api<Run[]>('GET', `/api/runs?limit=200&person=${encodeURIComponent(username)}`),
        api<Run[]>('GET', '/api/runs?limit=200'),
      ]);
      const listed = personRuns(asItem, all, username);
      const appearances = await Promise.all(
        listed.map(async (summary) => {
          const [run, progress] = await Promise.all([
            api<Run>('GET', `/api/runs/${summary.id}`),
            api<Progress>('GET', `/api/runs/${summary.id}/progress`).catch(() => null),
          ]);
          const mine = (run.items ?? []).filter((i) => same(i.person, username));
          return {
            run,
            som: same(run.som, username),
            items: mine.map((item) => ({ item, progress: progress?.items.find((p) => p.id === item.id) })),
          };
        }),
      );
      if (live) setFound(appearances.filter((a) => a.som || a.items.length > 0));
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [username]);

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
                  {item.findings.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="person-findings">
                      {item.findings.map((f, n) => (
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
                  {item.answers.length === 0
                    ? 'nothing yet'
                    : item.answers.map((a, n) => (
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
