import { stateLabel, when, type Item, type ItemProgress, type Run } from '../runs/types';

/** The runs a person appears in, newest first: those with an item of theirs (a contains-match, narrowed later) and those they are SOM of. */
export function personRuns(asItem: Run[], all: Run[], username: string): Run[] {
  const name = username.toLowerCase();
  const byId = new Map(asItem.map((r) => [r.id, r]));
  for (const run of all) if (run.som?.toLowerCase() === name) byId.set(run.id, run);
  return [...byId.values()].sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? ''));
}

const roles: Record<string, string> = { manager: 'their manager', som: 'the SOM' };

/** Who the item's follow-up is waiting on, in a sentence. */
export function waitingOn(item: Item, progress: ItemProgress | undefined, username: string): string {
  switch (item.status) {
    case null:
      return `Nobody yet: the follow-up of @${username} has not started.`;
    case 'completed':
      return `Nobody: the follow-up ended (${stateLabel(item.state)}).`;
    case 'cancelled':
      return 'Nobody: the follow-up was cancelled.';
    case 'faulted':
      return `An operator: the follow-up faulted${progress?.currentStep ? ` at “${stepWords(progress.currentStep)}”` : ''} and waits for a retry.`;
  }
  const last = progress?.pings.at(-1);
  if (!last) return 'Nobody yet: the follow-up is running and has pinged no one so far.';
  const whom = last.mention ? `@${last.mention}` : (last.whom ?? 'someone');
  const role = last.whom && roles[last.whom] ? `, ${roles[last.whom]},` : '';
  const subject = last.whom && roles[last.whom] ? ` about @${username}'s findings` : '';
  return `Waiting on ${whom}${role} to answer on the issue${subject} (pinged ${when(last.at)}).`;
}

/** What the follow-up does next, and when. */
export function whatNext(item: Item): string {
  if (item.status === 'completed' || item.status === 'cancelled') return 'Nothing more: this follow-up is over.';
  if (item.status === 'faulted')
    return 'Nothing until an operator retries the faulted step (Retry on the run or instance page).';
  if (item.nextTimer)
    return `If nobody answers first, the step “${item.nextTimer.stepLabel}” ends on ${when(item.nextTimer.dueAt)} and the follow-up moves on.`;
  if (!item.status) return 'The audit starts the follow-up with a ping on the issue.';
  return 'It goes on by itself; no timer is set.';
}

/** A step id ("wait_first", "follow_up__ping_again") in words. */
export function stepWords(step: string): string {
  return (step.split('__').at(-1) ?? step).replace(/[_-]+/g, ' ');
}
