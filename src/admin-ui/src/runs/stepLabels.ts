import type { GraphNode } from './types';

/** A step's label ("Wait 72 hours"), found by its definition and id, or by its id alone; the id when none is known. */
export type StepLabels = (stepId: string | null | undefined, definitionId?: string | null) => string;

export const idsOnly: StepLabels = (stepId) => stepId ?? '';

/** Labels from a run's combined graph (every flow's steps) or one definition's steps. */
export function stepLabels(nodes: Pick<GraphNode, 'definitionId' | 'stepId' | 'label'>[]): StepLabels {
  const exact = new Map<string, string>(),
    byId = new Map<string, string>();
  for (const n of nodes) {
    if (!n.label) continue;
    exact.set(`${n.definitionId}/${n.stepId}`, n.label);
    if (!byId.has(n.stepId)) byId.set(n.stepId, n.label);
  }
  return (stepId, definitionId) => {
    if (!stepId) return '';
    return (
      (definitionId ? exact.get(`${definitionId}/${stepId}`) : undefined) ??
      byId.get(stepId) ??
      stepId.replace(/[-_]/g, ' ')
    );
  };
}
