import { useState } from 'react';
import { api } from '../api';

interface Capability {
  name: string;
  ok: boolean;
  detail: string;
}
interface Verification {
  connection: string;
  configured: boolean;
  ok: boolean;
  capabilities: Capability[];
}

/** "Verify": calls the vendor with the configured token (server side) and lists what it can and cannot do. */
export function VerifyButton({ connection }: { connection: string }) {
  const [result, setResult] = useState<Verification | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const verify = async () => {
    setBusy(true);
    setError('');
    try {
      setResult(await api<Verification>('POST', `/api/connections/${connection}/verify`));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify" data-connection={connection}>
      <button onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : `Verify ${connection}`}
      </button>
      {error && <span className="error">{error}</span>}
      {result && (
        <ul className="capabilities" data-testid={`verify-${connection}`}>
          <li>
            <span className={`badge ${result.ok ? 'good' : 'bad'}`}>
              {result.ok ? 'ok' : result.configured ? 'failed' : 'not configured'}
            </span>
          </li>
          {result.capabilities.map((c) => (
            <li key={c.name} className={c.ok ? 'ok' : 'failed'}>
              {c.ok ? '✓' : '✗'} {c.name}: {c.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
