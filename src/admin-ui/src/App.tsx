import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { hasRole, loadSession, signOut } from './auth/session';
import { invalidate, messageOf, whenSessionEnds } from './api/client';
import { returnAfterSignIn } from './auth/returnTo';
import { NoAccess, SignIn } from './auth/SignIn';
import { navigate, useRoute } from './route';
import { TokensPage } from './tokens/TokensPage';
import { InstancesPage } from './instances/InstancesPage';
import { InstancePage } from './instances/InstancePage';
import { DefinitionsPage } from './designer/DefinitionsPage';
import { RunsPage } from './runs/RunsPage';
import { SettingsPage } from './settings/SettingsPage';
import { SourcesPage } from './sources/SourcesPage';
import { PersonPage } from './people/PersonPage';
import { ClockBadge } from './format/ClockBadge';

// The graph libraries (xyflow, dagre) are most of the bundle: only the designer loads them.
const Designer = lazy(() => import('./designer/Designer').then((m) => ({ default: m.Designer })));
const RunPage = lazy(() => import('./runs/RunPage').then((m) => ({ default: m.RunPage })));
const pages = ['runs', 'instances', 'designer', 'tokens', 'settings', 'sources', 'people'];

export function App() {
  const { data: session, error } = useQuery({ queryKey: ['get', '/auth/me'], queryFn: loadSession });
  const route = useRoute();

  const refresh = useCallback(() => void invalidate('/auth/me'), []);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    whenSessionEnds(() => {
      setEnded(true);
      refresh();
    });
    return () => whenSessionEnds(null);
  }, [refresh]);
  useEffect(() => {
    if (session?.authenticated) returnAfterSignIn();
  }, [session]);

  if (error) return <p className="error">Could not reach the service: {messageOf(error)}</p>;
  if (!session) return <p className="muted">Loading…</p>;
  if (!session.authenticated)
    return (
      <SignIn
        session={session}
        ended={ended}
        onSignedIn={() => {
          setEnded(false);
          refresh();
        }}
      />
    );
  const doSignOut = () => signOut(session).finally(refresh);
  if (!session.role) return <NoAccess session={session} onSignOut={doSignOut} />;

  const [page = 'runs', ...rest] = route;
  return (
    <div className="shell">
      <header>
        <strong>AuditOrchestrator</strong>
        <nav>
          <a href="#/runs" className={page === 'runs' ? 'active' : ''}>
            Runs
          </a>
          <a href="#/sources" className={page === 'sources' ? 'active' : ''}>
            Sources
          </a>
          <a href="#/instances" className={page === 'instances' ? 'active' : ''}>
            Instances
          </a>
          <a href="#/designer" className={page === 'designer' ? 'active' : ''}>
            Designer
          </a>
          {hasRole(session, 'admin') && (
            <a href="#/tokens" className={page === 'tokens' ? 'active' : ''}>
              API tokens
            </a>
          )}
          {hasRole(session, 'admin') && (
            <a href="#/settings" className={page === 'settings' ? 'active' : ''}>
              Settings
            </a>
          )}
          {hasRole(session, 'operator') && <a href="/hangfire">Jobs</a>}
        </nav>
        <ClockBadge />
        <span className="who">
          {session.demo && <span className="badge demo-badge">Demo admin</span>} {session.name} ({session.role})
          <button onClick={doSignOut}>Sign out</button>
        </span>
      </header>
      <main>
        {page === 'runs' && rest.length === 0 && <RunsPage session={session} />}
        {page === 'runs' && rest.length > 0 && (
          <Suspense fallback={<p className="muted">Loading the run…</p>}>
            <RunPage key={rest[0]} id={rest[0]} session={session} />
          </Suspense>
        )}
        {page === 'people' && rest.length > 0 && <PersonPage key={rest[0]} username={rest[0]} />}
        {page === 'people' && rest.length === 0 && (
          <p className="empty">
            Pick a person: search the runs by person, or follow a person's name from a run or an instance.
          </p>
        )}
        {page === 'settings' && hasRole(session, 'admin') && <SettingsPage />}
        {page === 'sources' && <SourcesPage session={session} />}
        {page === 'instances' && (rest.length === 0 || rest[0] === 'run') && (
          <InstancesPage key={rest.join('/')} run={rest[1]} />
        )}
        {page === 'instances' && rest.length === 1 && rest[0] !== 'run' && (
          <InstancePage key={rest[0]} id={rest[0]} session={session} />
        )}
        {page === 'designer' && rest.length === 0 && <DefinitionsPage session={session} />}
        {page === 'designer' && rest.length > 0 && (
          <Suspense fallback={<p className="muted">Loading the designer…</p>}>
            <Designer
              key={rest.join('/')}
              id={rest[0]}
              version={rest[1] ? Number(rest[1]) : undefined}
              session={session}
            />
          </Suspense>
        )}
        {page === 'tokens' && hasRole(session, 'admin') && <TokensPage />}
        {!pages.includes(page) && (
          <p>
            Unknown page.{' '}
            <a href="#/runs" onClick={() => navigate('runs')}>
              Back
            </a>
          </p>
        )}
      </main>
    </div>
  );
}
