// The run pages' names for the API's shapes (generated from the OpenAPI document), and the item states in words.
export type {
  Alert,
  CombinedGraph,
  GraphNode,
  Issue,
  Item,
  ItemProgress,
  JournalEntry,
  Kickoff,
  Ping,
  Progress,
  Run,
  StepCount,
} from '../api/types';
import { namesOf, type Item, type ItemState } from '../api/types';

// The document gives an item's findings and answers as free JSON (what the audit and the replies recorded, shapes the
// vendors' and GitLab's data decide): the pages read them through these.
export interface Finding {
  code: string;
  message?: string;
}
export interface Answer {
  kind?: string;
  author?: string;
  body?: string;
  at?: string;
  step?: string;
}
export const findingsOf = (item: Item): Finding[] => item.findings as Finding[];
export const answersOf = (item: Item): Answer[] => item.answers as Answer[];

const stateWords: Record<ItemState, string> = {
  open: 'open',
  addressed: 'addressed',
  explained: 'explained',
  'escalated-manager': 'escalated to manager',
  'escalated-som': 'escalated to SOM',
  cancelled: 'cancelled',
};

export const itemStates = namesOf(stateWords);

/** An item state in plain words. */
export function stateLabel(state: string): string {
  return stateWords[state as ItemState] ?? state;
}

export { when } from '../format/time';
