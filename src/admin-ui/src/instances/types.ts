import type { JournalEntry } from '../runs/types';

export interface InstanceSummary {
  id: string;
  definitionId: string;
  definitionVersion: number;
  status: string;
  currentStep: string | null;
  parentId: string | null;
  correlationKey: string | null;
  outcome: string | null;
  incident: { message?: string; step?: string; at?: string; attempts?: number; [k: string]: unknown } | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface Bookmark {
  id: string;
  stepId: string;
  kind: string;
  signal: string | null;
  dueAt: string | null;
  consumedAt: string | null;
}

export interface InstanceDetail {
  instance: InstanceSummary;
  variables: Record<string, unknown>;
  journal: JournalEntry[];
  bookmarks: Bookmark[];
  children: InstanceSummary[];
}

export const finished = ['completed', 'cancelled'];

export interface InstancePlace {
  runId: string | null;
  audit: string | null;
  itemId: string | null;
  person: string | null;
  parents: InstanceSummary[];
}
