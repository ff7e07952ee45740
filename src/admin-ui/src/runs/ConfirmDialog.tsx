import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { invalidate, messageOf } from '../api/client';
import type { paths } from '../api/schema';

export interface PendingAction {
  title: string;
  message: string;
  input?: {
    label: string;
    value: string;
    placeholder?: string;
    check?: (value: string) => { ok: boolean; text: string };
  };
  run: (input: string) => Promise<unknown>;
  /** The GET paths whose answers the action changes: refetched once the service took it. */
  invalidates: (keyof paths)[];
  /** What happened, in words, once the service took the action. */
  done: (input: string) => string;
}

/** Every operator action asks first; an input (a duration, a username) is filled in and checked here. */
export function ConfirmDialog({
  action,
  onDone,
}: {
  action: PendingAction;
  onDone: (happened: string | null) => void;
}) {
  const [input, setInput] = useState(action.input?.value ?? '');
  const mutation = useMutation({
    mutationFn: (value: string) => action.run(value),
    onSuccess: async (_, value) => {
      onDone(action.done(value));
      await invalidate(...action.invalidates);
    },
  });
  const busy = mutation.isPending || mutation.isSuccess;
  const error = mutation.error ? messageOf(mutation.error) : '';
  const checked = action.input?.check && input.trim() ? action.input.check(input.trim()) : null;
  const confirm = () => mutation.mutate(input.trim());
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={action.title}
        // Escape closes the dialog without doing anything, as a keyboard user expects.
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) onDone(null);
        }}
      >
        <h3>{action.title}</h3>
        <p>{action.message}</p>
        {action.input && (
          <label>
            {action.input.label}{' '}
            <input
              aria-label={action.input.label}
              value={input}
              placeholder={action.input.placeholder}
              onChange={(e) => setInput(e.target.value)}
              autoFocus
            />
          </label>
        )}
        {checked && (
          <p className={checked.ok ? 'muted' : 'error'} data-testid="input-check">
            {checked.text}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button
            className="primary"
            disabled={busy || (!!action.input && !input.trim()) || (checked !== null && !checked.ok)}
            onClick={confirm}
            // Without a field to fill, the dialog opens on its answer: Enter confirms, Escape cancels.
            autoFocus={!action.input}
          >
            Confirm
          </button>
          <button disabled={busy} onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
