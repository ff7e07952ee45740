import type { JournalEntry } from './types';
import { when } from './types';

/** The journal, newest first: who did what, when (operator actions carry their actor). */
export function Journal({ entries, title }: { entries: JournalEntry[]; title: string }) {
  return (
    <details open className="journal">
      <summary>{title}</summary>
      <table>
        <thead><tr><th>When</th><th>What</th><th>Step</th><th>Actor</th><th>Details</th></tr></thead>
        <tbody>
          {[...entries].reverse().map((e) => (
            <tr key={e.id} data-kind={e.kind}>
              <td>{when(e.at)}</td>
              <td>{e.kind}</td>
              <td>{e.stepId ?? ''}</td>
              <td className="actor">{e.actor ?? ''}</td>
              <td className="muted">{e.data ? JSON.stringify(e.data).slice(0, 160) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
