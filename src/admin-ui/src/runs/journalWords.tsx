import type { ReactNode } from 'react';
import { humanDuration, humanTimeSpan } from '../format/duration';
import type { JournalEntry } from './types';
import { when } from './types';

type Data = Record<string, unknown>;
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

const signals: Record<string, string> = {
  'gitlab.answer': 'an answer on the GitLab issue',
  'gitlab.approval': "the SOM's approval",
  'gitlab.issue': 'a change to the GitLab issue',
  'gitlab.issue-closed': 'the SOM closing the issue',
  'item.addressed': "an operator's word that it is addressed",
};

function waitingFor(entry: JournalEntry, b: Data): string {
  switch (b.kind) {
    case 'timer': {
      const due = str(b.dueAt);
      const span = (Date.parse(due) - Date.parse(entry.at)) / 1000;
      return `${humanDuration(span)}, until ${when(due)}`;
    }
    case 'children': {
      const n = Number(b.count ?? 0);
      return `${n} ${str(b.definition)} follow-up${n === 1 ? '' : 's'} to end`;
    }
    case 'signal':
      return signals[str(b.signal)] ?? `the signal “${str(b.signal)}”`;
    default:
      return 'something';
  }
}

function link(url: unknown, text: string): ReactNode {
  return typeof url === 'string' && url ? <a href={url} target="_blank" rel="noreferrer">{text}</a> : text;
}

/** A journal entry as a sentence a manager reads; the raw data stays one click away. */
export function describe(entry: JournalEntry, issueUrl?: string | null): ReactNode {
  const d = (entry.data ?? {}) as Data;
  const who = entry.actor ?? 'someone';
  switch (entry.kind) {
    case 'started':
      return `Started on version ${str(d.version)} of ${str(d.definition)}`;
    case 'step-completed':
      return `Step done: ${str(d.outcome)}`;
    case 'waiting': {
      const list = Array.isArray(d.bookmarks) ? (d.bookmarks as Data[]) : [];
      const timers = list.filter((b) => b.kind === 'timer').map((b) => waitingFor(entry, b));
      const others = list.filter((b) => b.kind !== 'timer').map((b) => `for ${waitingFor(entry, b)}`);
      return `Waiting ${[...timers, ...others].join(', or ') || 'for something'}`;
    }
    case 'resumed':
      return d.kind === 'timer' ? (str(d.by).startsWith('operator:') ? `${who} ended the wait` : 'The wait is over') : d.kind === 'children' ? 'Every follow-up it waited for has ended' : 'Went on after the signal it waited for';
    case 'signal-received':
      return `Received ${signals[str(d.signal)] ?? `the signal “${str(d.signal)}”`}${entry.actor ? ` from ${entry.actor}` : ''}`;
    case 'side-effect':
      return `Did “${str(d.key).split(':').slice(-2).join(' ')}” (kept, so a retry never does it twice)`;
    case 'pinged': {
      const mention = d.mention ? `@${str(d.mention)}` : str(d.whom);
      const role = d.whom === 'manager' ? ' (the manager)' : d.whom === 'som' ? ' (the SOM)' : '';
      const url = issueUrl && d.noteId ? `${issueUrl}#note_${str(d.noteId)}` : null;
      return <>Pinged {link(url, mention)}{role} on the issue{d.reason ? ` (${str(d.reason)})` : ''}</>;
    }
    case 'rechecked':
      return `Checked again: ${str(d.verdict) || 'done'}${Number(d.stillFailing) > 0 ? `, ${str(d.stillFailing)} finding(s) still failing` : ''}`;
    case 'completed':
      return `Finished${d.outcome ? `: ${str(d.outcome)}` : ''}`;
    case 'faulted':
      return `Faulted${d.attempts ? ` after ${str(d.attempts)} attempts` : ''}: ${str(d.message)}`;
    case 'step-failed':
      return `Attempt ${str(d.attempt)} failed: ${str(d.message)}`;
    case 'cancelled':
      return `Cancelled${entry.actor ? ` by ${entry.actor}` : ''}`;
    case 'operator-action':
      switch (d.action) {
        case 'extend-wait':
          return `${who} extended the wait by ${humanTimeSpan(str(d.by))}, until ${when(str(d.dueAt))}`;
        case 'skip-wait':
          return `${who} skipped the wait (it was due ${when(str(d.dueAt))})`;
        case 'retry':
          return `${who} retried the faulted step`;
        case 'migrate':
          return `${who} moved it from version ${str(d.from)} to version ${str(d.to)}`;
        default:
          return `${who}: ${str(d.action)}`;
      }
    case 'audit-ran':
      return `Ran the audit: ${str(d.items)} people to follow up, ${str(d.findings)} findings`;
    case 'issue-created':
      return <>Opened the GitLab issue {link(d.webUrl, `#${str(d.iid)}`)} “{str(d.title)}”</>;
    case 'issue-closed':
      return 'Closed the GitLab issue';
    case 'review-requested':
      return `Asked @${str(d.som)} to review`;
    case 'approved':
      return `${who} approved the review${d.how === 'emoji' ? ' (emoji)' : d.how ? ` (${str(d.how)})` : ''}`;
    default: {
      const words = entry.kind.replace(/-/g, ' ');
      const detail = d.reason ?? d.message ?? d.warning;
      return `${words[0].toUpperCase()}${words.slice(1)}${detail ? `: ${str(detail)}` : ''}`;
    }
  }
}
