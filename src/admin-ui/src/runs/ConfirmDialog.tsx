import { useState } from 'react';

export interface PendingAction {
  title: string;
  message: string;
  input?: { label: string; value: string };
  run: (input: string) => Promise<unknown>;
}

/** Every operator action asks first; an input (a duration, a username) is filled in here. */
export function ConfirmDialog({ action, onDone }: { action: PendingAction; onDone: (changed: boolean) => void }) {
  const [input, setInput] = useState(action.input?.value ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const confirm = async () => {
    setBusy(true);
    setError('');
    try {
      await action.run(input.trim());
      onDone(true);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={action.title}>
        <h3>{action.title}</h3>
        <p>{action.message}</p>
        {action.input && (
          <label>
            {action.input.label} <input aria-label={action.input.label} value={input} onChange={(e) => setInput(e.target.value)} autoFocus />
          </label>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button className="primary" disabled={busy || (!!action.input && !input.trim())} onClick={confirm}>Confirm</button>
          <button disabled={busy} onClick={() => onDone(false)}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
