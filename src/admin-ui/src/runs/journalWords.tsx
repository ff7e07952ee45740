import type { ReactNode } from 'react';
import { humanDuration, humanTimeSpan } from '../format/duration';
import type { JournalEntry } from './types';
import { when } from './types';
import { idsOnly, type StepLabels } from './stepLabels';

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

// What each kind of side effect did, for its "done once" entry.
const effects: Record<string, string> = {
  audit: "ran the audit's checks",
  close: 'closed the GitLab issue',
  dm: 'sent the SOM a Slack message',
  issue: 'opened the GitLab issue',
  memberships: 'removed the Calendly memberships',
  recheck: 'checked the findings again',
  reply: 'replied on the issue',
  review: 'asked for the review on the issue',
  table: 'wrote the review table',
  thread: 'started a thread on the issue',
  'token-table': 'added the token table to the issue',
  ping: 'pinged on the issue',
};

const answerKinds: Record<string, string> = {
  note: 'a reply',
  emoji: 'the done emoji',
  resolved: 'a resolved thread',
  operator: "an operator's word",
  issue: 'an issue change',
};

function link(url: unknown, text: string): ReactNode {
  return typeof url === 'string' && url ? (
    <a href={url} target="_blank" rel="noreferrer">
      {text}
    </a>
  ) : (
    text
  );
}

/** A journal entry as a sentence a manager reads; the raw data stays one click away. */
export function describe(entry: JournalEntry, issueUrl?: string | null, labels: StepLabels = idsOnly): ReactNode {
  const d = (entry.data ?? {}) as Data;
  const who = entry.actor ?? 'someone';
  const mention = (name: unknown) => (name ? `@${str(name).replace(/^@/, '')}` : 'someone');
  switch (entry.kind) {
    case 'started':
      return `Started on version ${str(d.version)} of ${str(d.definition)}`;
    case 'step-completed': {
      const outcome = str(d.outcome);
      return `Done: “${labels(entry.stepId)}”${outcome && outcome !== 'done' ? ` → ${outcome}` : ''}`;
    }
    case 'answer-counted':
      return (
        <>
          Counted{' '}
          {d.noteId && issueUrl
            ? link(`${issueUrl}#note_${str(d.noteId)}`, `${mention(d.author)}'s answer`)
            : `${mention(d.author)}'s answer`}{' '}
          ({answerKinds[str(d.kind)] ?? str(d.kind)}); the findings are checked again
        </>
      );
    case 'answer-not-counted':
      return `Did not count ${mention(d.author)}'s ${answerKinds[str(d.kind)] ?? 'note'} as an answer: ${str(d.reason)}`;
    case 'manager-step-skipped':
      return `Skipped the manager step${d.pinged === 'som' ? ' and pinged the SOM instead' : ''}: ${str(d.reason)}`;
    case 'items-checked': {
      const open = Array.isArray(d.notAddressed) ? d.notAddressed.length : 0;
      return open === 0 ? 'Checked every item: all are addressed' : `Checked every item: ${open} not addressed yet`;
    }
    case 'dm-skipped':
      return `Sent no Slack message: ${str(d.reason)}`;
    case 'som-messaged':
      return `Sent ${mention(d.som)} a Slack message`;
    case 'membership-removed':
      return `Removed ${str(d.email)} (${str(d.role) || 'member'}) from Calendly`;
    case 'token-itemised':
      return `API token “${str(d.token)}” owned by ${mention(d.owner)} is now an item to follow up`;
    case 'token-table-added':
      return 'Added the API-token table to the issue for people to fill';
    case 'token-table-complete':
      return 'The API-token table is marked complete';
    case 'token-table-reopened':
      return 'The API-token table was unticked: it is open again';
    case 'token-review-complete':
      return `API-token review complete: ${str(d.items)} token${Number(d.items) === 1 ? '' : 's'} followed up`;
    case 'token-row-unreadable':
      return `Could not read a row of the API-token table: ${str(d.problem)}`;
    case 'token-table-missing':
      return `No API-token table found: ${str(d.reason)}`;
    case 'stale-close-ignored':
      return `${mention(d.author)} closed the issue before the review was asked for: not taken as approval`;
    case 'review-table-written':
      return `Wrote the review table (${str(d.rows)} row${Number(d.rows) === 1 ? '' : 's'})`;
    case 'items-selected':
      return `Took ${Array.isArray(d.items) ? d.items.length : 0} item(s) for ${str(d.take) || 'follow-up'}`;
    case 'team-data-warning':
      return `Team data warning: ${str(d.message)}`;
    case 'team-data-error':
      return `Team data error: ${str(d.message)}`;
    case 'waiting': {
      const list = Array.isArray(d.bookmarks) ? (d.bookmarks as Data[]) : [];
      const timers = list.filter((b) => b.kind === 'timer').map((b) => waitingFor(entry, b));
      const others = list.filter((b) => b.kind !== 'timer').map((b) => `for ${waitingFor(entry, b)}`);
      return `Waiting ${[...timers, ...others].join(', or ') || 'for something'}`;
    }
    case 'resumed':
      return d.kind === 'timer'
        ? str(d.by).startsWith('operator:')
          ? `${who} ended the wait`
          : 'The wait is over'
        : d.kind === 'children'
          ? 'Every follow-up it waited for has ended'
          : 'Went on after the signal it waited for';
    case 'signal-received':
      return `Received ${signals[str(d.signal)] ?? `the signal “${str(d.signal)}”`}${entry.actor ? ` from ${entry.actor}` : ''}`;
    case 'side-effect': {
      const name = str(d.key).split(':').pop() ?? '';
      return `Recorded that it ${effects[name] ?? `did “${name}”`} (so a retry never does it twice)`;
    }
    case 'pinged': {
      const whom = d.mention ? `@${str(d.mention)}` : str(d.whom);
      const role = d.whom === 'manager' ? ' (the manager)' : d.whom === 'som' ? ' (the SOM)' : '';
      const url = issueUrl && d.noteId ? `${issueUrl}#note_${str(d.noteId)}` : null;
      return (
        <>
          Pinged {link(url, whom)}
          {role} on the issue{d.reason ? ` (${str(d.reason)})` : ''}
        </>
      );
    }
    case 'rechecked':
      return `Checked the findings again: ${str(d.verdict) || 'done'}${Number(d.stillFailing) > 0 ? `, ${str(d.stillFailing)} still failing` : ''}`;
    case 'completed':
      return `Finished${d.outcome ? `: ${str(d.outcome)}` : ''}`;
    case 'faulted':
      return `Faulted at “${labels(entry.stepId)}”${d.attempts ? ` after ${str(d.attempts)} attempts` : ''}: ${str(d.message)}`;
    case 'step-failed':
      return `Attempt ${str(d.attempt)} at “${labels(entry.stepId)}” failed: ${str(d.message)}`;
    case 'cancelled':
      return `Cancelled${entry.actor ? ` by ${entry.actor}` : ''}${d.reason ? `: ${str(d.reason)}` : ''}`;
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
      return (
        <>
          Opened the GitLab issue {link(d.webUrl, `#${str(d.iid)}`)} “{str(d.title)}”
        </>
      );
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
