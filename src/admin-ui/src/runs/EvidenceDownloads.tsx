import { useState } from 'react';
import { client } from '../api/client';

const formats = [
  {
    format: 'json',
    label: 'JSON',
    title: 'The evidence pack: the whole hash-chained record; verify it with `evidence verify <file>`.',
  },
  { format: 'md', label: 'Markdown', title: 'The pack for people to read.' },
  { format: 'csv', label: 'CSV', title: 'One row per item, for spreadsheets.' },
] as const;

/**
 * Download buttons for the run's evidence pack. Fetched rather than linked, so a pasted API token (not a cookie) is
 * sent too; the file keeps the name the service gives it.
 */
export function EvidenceDownloads({ runId }: { runId: string }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');

  const download = async (format: string) => {
    setBusy(format);
    setError('');
    try {
      const { data: blob, response } = await client
        .GET('/api/runs/{id}/evidence', { params: { path: { id: runId }, query: { format } }, parseAs: 'blob' })
        .catch((e: Error) => {
          throw new Error(`The evidence pack could not be made (${e.message}).`);
        });
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ??
        `evidence-${runId}.${format}`;
      const url = URL.createObjectURL(blob!);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy('');
    }
  };

  return (
    <div className="actions evidence-downloads" data-testid="evidence-downloads">
      <span className="muted">Evidence pack:</span>
      {formats.map((f) => (
        <button key={f.format} title={f.title} disabled={busy !== ''} onClick={() => download(f.format)}>
          {busy === f.format ? 'Preparing…' : f.label}
        </button>
      ))}
      {error && <span className="error">{error}</span>}
    </div>
  );
}
