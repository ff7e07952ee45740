import { $api, messageOf } from '../api/client';
import type { Audit, Setting } from '../api/types';
import { VerifyButton } from './VerifyButton';
import { humanDuration, parseDuration } from '../format/duration';

/** A TimeSpan ("00:15:00", "7.00:00:00") also in words; anything else as it is. */
function withWords(text: string): string {
  if (!/^(\d+\.)?\d{2}:\d{2}:\d{2}$/.test(text)) return text;
  const seconds = parseDuration(text);
  return seconds === null ? text : seconds === 0 ? `${text} (off)` : `${text} (${humanDuration(seconds)})`;
}

function Value({ setting }: { setting: Setting }) {
  if (setting.value !== null)
    return <td className={setting.secret ? 'secret-value' : ''}>{withWords(setting.value)}</td>;
  if (setting.default !== null)
    return (
      <td className="default-value">
        {withWords(setting.default)} <span className="muted">(default)</span>
      </td>
    );
  return <td className="muted">not set{setting.secret ? '' : ' (no default)'}</td>;
}

/**
 * GitLab and Slack, which every audit uses, and between them each registered audit's vendor connection (GET
 * /api/audits): two audits of one vendor connection share its button.
 */
function connectionsOf(audits: Audit[]): string[] {
  return ['gitlab', ...new Set(audits.map((a) => a.connection)), 'slack'];
}

/** The effective configuration, read-only (secrets read "(set)"), and a verify button per vendor connection. */
export function SettingsPage() {
  const { data: settings, error } = $api.useQuery('get', '/api/settings');
  const { data: audits, error: auditsError } = $api.useQuery('get', '/api/audits');
  return (
    <section>
      <h2>Settings</h2>
      <h3>Connections</h3>
      {auditsError && <p className="error">{messageOf(auditsError)}</p>}
      {audits && (
        <div className="connections">
          {connectionsOf(audits).map((c) => (
            <VerifyButton key={c} connection={c} />
          ))}
        </div>
      )}
      <h3>Effective configuration</h3>
      <p className="muted">
        Read-only: change these in the service's environment. Secrets show only whether they are set; an unset key shows
        the default that applies.
      </p>
      {error && <p className="error">{messageOf(error)}</p>}
      {settings && (
        <table className="settings">
          <thead>
            <tr>
              <th>Key</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {settings.map((s) => (
              <tr key={s.key} data-key={s.key}>
                <td>
                  <code>{s.key}</code>
                </td>
                <Value setting={s} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
