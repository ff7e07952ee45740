import { Graph, layout } from '@dagrejs/dagre';
import type { Definition } from './model';

export const nodeWidth = 220;
export const nodeHeight = 100;

/** Top-to-bottom positions for every step (dagre): the designer never asks anyone to place nodes by hand. */
export function layoutSteps(definition: Definition): Map<string, { x: number; y: number }> {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of definition.steps) graph.setNode(step.id, { width: nodeWidth, height: nodeHeight });
  for (const step of definition.steps) {
    for (const t of step.next ?? []) {
      if (graph.hasNode(t.to)) graph.setEdge(step.id, t.to);
    }
  }
  layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of graph.nodes()) {
    const node = graph.node(id);
    positions.set(id, { x: node.x - nodeWidth / 2, y: node.y - nodeHeight / 2 });
  }
  return positions;
}
