import { $api, messageOf } from '../api/client';

/** "Verify": calls the vendor with the configured token (server side) and lists what it can and cannot do. */
export function VerifyButton({ connection }: { connection: string }) {
  const verify = $api.useMutation('post', '/api/connections/{name}/verify');
  const result = verify.data;
  return (
    <div className="verify" data-connection={connection}>
      <button onClick={() => verify.mutate({ params: { path: { name: connection } } })} disabled={verify.isPending}>
        {verify.isPending ? 'Verifying…' : `Verify ${connection}`}
      </button>
      {verify.error && <span className="error">{messageOf(verify.error)}</span>}
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
