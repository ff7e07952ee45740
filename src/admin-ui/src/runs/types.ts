// The shapes of /api/runs, /api/runs/{id}/progress and /api/definitions/{id}/combined (camelCase JSON).

export interface Issue {
  projectId: number;
  iid: number;
  webUrl: string;
}

export interface Answer {
  kind?: string;
  author?: string;
  body?: string;
  at?: string;
  step?: string;
}

export interface Item {
  id: string;
  instanceId: string | null;
  person: string | null;
  findings: { code: string; message?: string }[];
  state: string;
  answers: Answer[];
  nextTimer: { dueAt: string; step: string } | null;
  /** The item's follow-up instance status; null before it starts. */
  status: string | null;
  /** The actions the server says apply now. */
  actions: string[];
}

export interface Run {
  id: string;
  audit: string;
  kind: string;
  period: string;
  status: string;
  som: string | null;
  issue: Issue | null;
  items: Item[] | null;
  itemStates: Record<string, number> | null;
  createdAt: string | null;
  /** The run actions that apply now. */
  actions: string[];
  /** Why a manager should look now ("faulted", "overdue", "awaiting review", "2 open alerts"); empty when nothing. */
  attention: string[];
  /** A designer's test run (simulated vendors), not a real audit. */
  test?: boolean;
  /** Open alerts: only on one run. */
  alerts?: Alert[] | null;
}

export interface Alert {
  id: string;
  kind: string;
  instanceId: string;
  step: string | null;
  item: string | null;
  message: string;
  dueAt: string | null;
  openedAt: string;
  notifiedTo: string[];
}

export interface JournalEntry {
  id: number;
  at: string;
  kind: string;
  stepId: string | null;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface Ping {
  at: string;
  step: string | null;
  whom: string | null;
  mention: string | null;
  noteId: number | null;
  url: string | null;
}

export interface ItemProgress {
  id: string;
  instanceId: string;
  status: string;
  currentStep: string | null;
  pings: Ping[];
  journal: JournalEntry[];
}

export interface StepCount {
  definitionId: string;
  stepId: string;
  now: number;
  passed: number;
  faulted: number;
  flow: string;
}

export interface Progress {
  id: string;
  definitionId: string;
  definitionVersion: number;
  steps: StepCount[];
  journal: JournalEntry[];
  items: ItemProgress[];
}

export interface GraphNode {
  id: string;
  definitionId: string;
  stepId: string;
  label: string;
  activity: string;
  decision: boolean;
  group: string | null;
}
export interface GraphGroup {
  id: string;
  definitionId: string;
  label: string;
  parent: string | null;
}
export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  dotted: boolean;
}
export interface CombinedGraph {
  definitionId: string;
  nodes: GraphNode[];
  groups: GraphGroup[];
  edges: GraphEdge[];
}

export interface Kickoff {
  audit: string;
  enabled: boolean;
  quarters: number[];
  period: string;
  at: string;
}

export const itemStates = ['open', 'addressed', 'explained', 'escalated-manager', 'escalated-som', 'cancelled'];

const stateWords: Record<string, string> = {
  open: 'open',
  addressed: 'addressed',
  explained: 'explained',
  'escalated-manager': 'escalated to manager',
  'escalated-som': 'escalated to SOM',
  cancelled: 'cancelled',
};

/** An item state in plain words. */
export function stateLabel(state: string): string {
  return stateWords[state] ?? state;
}

export { when } from '../format/time';
