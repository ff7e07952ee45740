import { useEffect, useState } from 'react';
import { api } from '../api';
import { VerifyButton } from './VerifyButton';

interface Setting { key: string; value: string | null; secret: boolean }

const connections = ['gitlab', 'pagerduty', 'calendly', 'zendesk-main', 'zendesk-us-federal', 'slack'];

/** The effective configuration, read-only (secrets read "(set)"), and a verify button per vendor connection. */
export function SettingsPage() {
  const [settings, setSettings] = useState<Setting[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<Setting[]>('GET', '/api/settings').then(setSettings, (e: Error) => setError(e.message));
  }, []);
  return (
    <section>
      <h2>Settings</h2>
      <h3>Connections</h3>
      <div className="connections">
        {connections.map((c) => <VerifyButton key={c} connection={c} />)}
      </div>
      <h3>Effective configuration</h3>
      <p className="muted">Read-only: change these in the service's environment. Secrets show only whether they are set.</p>
      {error && <p className="error">{error}</p>}
      {settings && (
        <table className="settings">
          <thead><tr><th>Key</th><th>Value</th></tr></thead>
          <tbody>
            {settings.map((s) => (
              <tr key={s.key} data-key={s.key}>
                <td><code>{s.key}</code></td>
                <td className={s.value === null ? 'muted' : s.secret ? 'secret-value' : ''}>{s.value ?? '(not set: the default applies)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
