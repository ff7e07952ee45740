import { Graph, layout } from '@dagrejs/dagre';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CombinedGraph, StepCount } from './types';

const width = 190;
const height = 58;

interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The audit's combined graph (item and branch flows inlined), laid out by dagre, each step with its counts. */
export function RunGraph({ graph, counts }: { graph: CombinedGraph; counts: StepCount[] }) {
  const placed = useMemo(() => place(graph), [graph]);
  const flows = useMemo(() => flowOf(graph), [graph]);
  const byStep = new Map(counts.map((c) => [`${c.flow}#${c.stepId}`, c]));
  const box = placed.size;
  const w = box.width + 20,
    h = box.height + 20;
  const frame = useRef<HTMLDivElement>(null);
  // 1 = text at its designed size (11 px and up); "Fit" shows the whole graph, smaller; drag or scroll to pan.
  const [scale, setScale] = useState(1);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
  const fit = () => {
    const f = frame.current;
    if (f) setScale(Math.min(1, (f.clientWidth - 4) / w, (f.clientHeight - 4) / h));
  };
  useEffect(() => {
    const f = frame.current;
    if (f) f.scrollLeft = Math.max(0, (w * scale - f.clientWidth) / 2);
    // Centre horizontally when the graph first shows; later zooms keep the reader's place.
  }, [w]); // eslint-disable-line react-hooks/exhaustive-deps
  const zoom = (factor: number) => setScale((z) => Math.min(2, Math.max(0.2, z * factor)));
  return (
    <div className="run-graph-wrap">
      <div className="graph-tools" role="toolbar" aria-label="Graph view">
        <button onClick={fit} title="Show the whole graph">
          Fit
        </button>
        <button onClick={() => zoom(1 / 1.25)} aria-label="Zoom out">
          −
        </button>
        <button onClick={() => zoom(1.25)} aria-label="Zoom in">
          +
        </button>
        <button onClick={() => setScale(1)} title="Text at full size">
          100%
        </button>
        <span className="muted" data-testid="graph-zoom">
          {Math.round(scale * 100)}%
        </span>
        <span className="legend">
          <span className="swatch busy" /> items here now <span className="swatch done" /> passed{' '}
          <span className="swatch faulted" /> faulted
        </span>
      </div>
      <div
        className="graph-frame"
        ref={frame}
        // Focusable, so the arrow keys scroll a graph wider or taller than its frame without a mouse.
        tabIndex={0}
        role="region"
        aria-label="The run's graph"
        onMouseDown={(e) => {
          const f = frame.current;
          if (f) drag.current = { x: e.clientX, y: e.clientY, left: f.scrollLeft, top: f.scrollTop };
        }}
        onMouseMove={(e) => {
          const f = frame.current,
            d = drag.current;
          if (f && d) {
            f.scrollLeft = d.left - (e.clientX - d.x);
            f.scrollTop = d.top - (e.clientY - d.y);
          }
        }}
        onMouseUp={() => (drag.current = null)}
        onMouseLeave={() => (drag.current = null)}
      >
        <svg
          className="run-graph"
          width={w * scale}
          height={h * scale}
          viewBox={`0 0 ${w} ${h}`}
          role="img"
          aria-label="Workflow graph with item counts"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#8c959f" />
            </marker>
          </defs>
          <g transform="translate(10,10)">
            {graph.groups.map((g) => {
              const p = placed.groups.get(g.id);
              return (
                p && (
                  <g key={g.id} className="graph-group">
                    <rect x={p.x - p.width / 2} y={p.y - p.height / 2} width={p.width} height={p.height} rx={8} />
                    <text x={p.x - p.width / 2 + 8} y={p.y - p.height / 2 + 14}>
                      {g.label}
                    </text>
                  </g>
                )
              );
            })}
            {placed.edges.map((e, i) => (
              <g key={i} className={e.dotted ? 'graph-edge dotted' : 'graph-edge'}>
                <polyline points={e.points.map((p) => `${p.x},${p.y}`).join(' ')} markerEnd="url(#arrow)" />
                {e.label && e.points.length > 1 && (
                  <text
                    x={e.points[Math.floor(e.points.length / 2)].x + 4}
                    y={e.points[Math.floor(e.points.length / 2)].y}
                  >
                    {e.label}
                  </text>
                )}
              </g>
            ))}
            {graph.nodes.map((n) => {
              const p = placed.nodes.get(n.id)!;
              const c = byStep.get(`${flows.get(n.id)}#${n.stepId}`);
              const now = c?.now ?? 0,
                passed = c?.passed ?? 0,
                faulted = c?.faulted ?? 0;
              const cls = [
                'graph-node',
                n.decision ? 'decision' : '',
                now ? 'busy' : '',
                faulted ? 'faulted' : '',
                !now && !faulted && passed ? 'done' : '',
              ].join(' ');
              return (
                <g
                  key={n.id}
                  className={cls}
                  data-node={n.id}
                  data-now={now}
                  data-passed={passed}
                  data-faulted={faulted}
                  transform={`translate(${p.x - width / 2},${p.y - height / 2})`}
                >
                  <title>{`${n.stepId} (${n.activity})`}</title>
                  <rect width={width} height={height} rx={n.decision ? 16 : 6} />
                  <foreignObject x={4} y={2} width={width - 8} height={32}>
                    <div className="graph-label">{n.label}</div>
                  </foreignObject>
                  <text x={8} y={height - 8} className="counts">
                    <tspan className="now">● {now} here</tspan>
                    <tspan className="passed" dx={8}>
                      ✓ {passed} passed
                    </tspan>
                    <tspan className="faulted" dx={8}>
                      ✗ {faulted}
                    </tspan>
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
    </div>
  );
}

/**
 * Each node's flow as the server counts it: the chain of definitions from the audit down to the node's box
 * ("zendesk/zendesk-findings/followup-item"), so a flow drawn twice gets each place's own counts.
 */
function flowOf(graph: CombinedGraph): Map<string, string> {
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  const flows = new Map<string, string>();
  for (const n of graph.nodes) {
    const chain: string[] = [];
    for (let g = n.group ? groups.get(n.group) : undefined; g; g = g.parent ? groups.get(g.parent) : undefined)
      chain.unshift(g.definitionId);
    flows.set(n.id, [graph.definitionId, ...chain].join('/'));
  }
  return flows;
}

function place(graph: CombinedGraph) {
  const g = new Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 50, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const group of graph.groups) g.setNode(group.id, { label: group.label, paddingTop: 24 });
  for (const group of graph.groups) if (group.parent) g.setParent(group.id, group.parent);
  for (const n of graph.nodes) {
    g.setNode(n.id, { width, height });
    if (n.group) g.setParent(n.id, n.group);
  }
  graph.edges.forEach((e, i) => {
    if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, { label: e.label, dotted: e.dotted }, `e${i}`);
  });
  layout(g);
  const nodes = new Map<string, Placed>();
  const groups = new Map<string, Placed>();
  for (const n of graph.nodes) nodes.set(n.id, g.node(n.id) as Placed);
  for (const group of graph.groups) groups.set(group.id, g.node(group.id) as Placed);
  const edges = g.edges().map((e) => {
    const label = g.edge(e) as { label: string; dotted: boolean; points: { x: number; y: number }[] };
    return { label: label.label, dotted: label.dotted, points: label.points ?? [] };
  });
  const all = [...nodes.values(), ...groups.values()];
  const size = {
    width: Math.max(0, ...all.map((p) => p.x + p.width / 2)),
    height: Math.max(0, ...all.map((p) => p.y + p.height / 2)),
  };
  return { nodes, groups, edges, size };
}
