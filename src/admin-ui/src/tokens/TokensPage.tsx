import { when } from '../format/time';
import { useState } from 'react';
import { $api, ApiError, invalidate, messageOf } from '../api/client';
import type { TokenView } from '../api/types';

export function TokensPage() {
  const list = $api.useQuery('get', '/api/tokens');
  const tokens = list.data ?? [];
  const creating = $api.useMutation('post', '/api/tokens', { onSuccess: () => invalidate('/api/tokens') });
  const revoking = $api.useMutation('delete', '/api/tokens/{id}', { onSettled: () => invalidate('/api/tokens') });
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [actionError, setError] = useState('');
  const error = actionError || (list.error ? messageOf(list.error) : '');

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const created = await creating.mutateAsync({ body: { name, role } });
      setSecret({ name: created.token.name, secret: created.secret });
      setName('');
    } catch (err) {
      const fields = err instanceof ApiError ? Object.values(err.errors).flat().join(' ') : '';
      setError(fields || (err as Error).message);
    }
  };

  const revoke = async (token: TokenView) => {
    if (!window.confirm(`Revoke the token "${token.name}"? Whatever uses it stops working at once.`)) return;
    await revoking.mutateAsync({ params: { path: { id: token.id } } }).catch((e: Error) => setError(e.message));
  };

  return (
    <section>
      <h2>API tokens</h2>
      <form onSubmit={create} className="inline-form">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option>viewer</option>
            <option>operator</option>
            <option>admin</option>
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {secret && (
        <div className="secret" role="status">
          <p>
            The secret of <strong>{secret.name}</strong>, shown this once: copy it now.
          </p>
          <code data-testid="new-token-secret">{secret.secret}</code>
          <button onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      {tokens.length === 0 && (
        <p className="muted">
          No API tokens yet. A token lets a script or another service call the API with a role (viewer, operator or
          admin); create one above.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Created by</th>
            <th>Created</th>
            <th>Last used</th>
            <th>State</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-token={t.name}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>{t.createdBy}</td>
              <td>{when(t.createdAt)}</td>
              <td>{t.lastUsedAt ? when(t.lastUsedAt) : 'never'}</td>
              <td>{t.revokedAt ? `revoked ${when(t.revokedAt)}` : 'active'}</td>
              <td>{!t.revokedAt && <button onClick={() => revoke(t)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
