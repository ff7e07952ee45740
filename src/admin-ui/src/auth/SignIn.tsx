import { useState } from 'react';
import { client, setApiToken } from '../api/client';
import { rememberReturn } from './returnTo';
import type { Session } from './session';

/** The sign-in page; `ended` when a session ran out while the app was open (the page comes back where it was). */
export function SignIn({
  session,
  ended = false,
  onSignedIn,
}: {
  session: Session;
  ended?: boolean;
  onSignedIn: () => void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(new URLSearchParams(window.location.search).get('error') ?? '');

  const demo = async () => {
    try {
      await client.POST('/auth/demo');
      onSignedIn();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const useToken = async (e: React.FormEvent) => {
    e.preventDefault();
    setApiToken(token.trim());
    try {
      const { data: me } = await client.GET('/auth/me');
      if (!me?.authenticated) throw new Error('The token was not accepted.');
      onSignedIn();
    } catch (err) {
      setApiToken(null);
      setError((err as Error).message);
    }
  };

  return (
    <main className="signin">
      <h1>AuditOrchestrator</h1>
      {ended && (
        <p className="notice" role="alert" data-testid="session-ended">
          Your session has ended. Sign in again to go on where you were: unsaved changes in the designer are kept and
          saved once you are back.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {session.gitLabSignIn ? (
        <a className="button primary" href="/auth/login/gitlab" onClick={rememberReturn}>
          Sign in with GitLab
        </a>
      ) : (
        <p className="muted">Sign in with GitLab is not configured (GitLab__OAuth__ClientId and ClientSecret).</p>
      )}
      {session.demoSignIn && (
        <div className="demo">
          <button onClick={demo}>Sign in as demo admin</button>
          <span className="badge demo-badge">Demo: sandbox / Development only</span>
        </div>
      )}
      <form onSubmit={useToken} className="token-form">
        <label>
          Or paste an API token
          <input
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="ao_…"
            autoComplete="off"
          />
        </label>
        <button type="submit" disabled={!token.trim()}>
          Use token
        </button>
        <p className="muted">Kept in this tab only (sessionStorage).</p>
      </form>
    </main>
  );
}

export function NoAccess({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  return (
    <main className="signin">
      <h1>No access</h1>
      <p role="alert">
        You are signed in as <strong>{session.name}</strong>, but that GitLab user is not an admin, operator or viewer
        of AuditOrchestrator. Ask an admin to add your username or one of your groups to{' '}
        <code>Auth__Roles__Admins</code>, <code>Auth__Roles__Operators</code> or <code>Auth__Roles__Viewers</code>.
      </p>
      <button onClick={onSignOut}>Sign out</button>
    </main>
  );
}
