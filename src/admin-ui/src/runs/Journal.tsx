import type { JournalEntry } from './types';
import { when } from './types';
import { describe } from './journalWords';
import { idsOnly, type StepLabels } from './stepLabels';

/** The journal, newest first: each entry as a sentence (who did what, when); its raw data expands on demand. */
export function Journal({
  entries,
  title,
  issueUrl,
  labels = idsOnly,
}: {
  entries: JournalEntry[];
  title: string;
  issueUrl?: string | null;
  labels?: StepLabels;
}) {
  return (
    <details open className="journal">
      <summary>{title}</summary>
      {entries.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>What happened</th>
              <th>Step</th>
              <th>Actor</th>
              <th>Data</th>
            </tr>
          </thead>
          <tbody>
            {[...entries].reverse().map((e) => (
              <tr key={e.id} data-kind={e.kind}>
                <td className="nowrap">{when(e.at)}</td>
                <td className="sentence">{describe(e, issueUrl, labels)}</td>
                <td className="step-name" title={e.stepId ?? ''}>
                  {labels(e.stepId)}
                </td>
                <td className="actor">{e.actor ?? ''}</td>
                <td>
                  {e.data && (
                    <details className="raw">
                      <summary>details</summary>
                      <pre>{JSON.stringify(e.data, null, 2)}</pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
