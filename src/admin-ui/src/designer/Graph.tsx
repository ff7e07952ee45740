import { memo, useEffect, useMemo } from 'react';
import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeProps,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { layoutSteps, nodeWidth } from './layout';
import type { Activity, Definition } from './model';
import { labelMismatch } from './labelDurations';

export type DiffMark = 'added' | 'removed' | 'changed';

interface StepData extends Record<string, unknown> {
  id: string;
  title: string;
  activity: string;
  level: string;
  outcomes: string[];
  errors: string[];
  warning: string | null;
  start: boolean;
  mark?: DiffMark;
  canAddOutcome: boolean;
}

type StepNodeType = Node<StepData, 'step'>;

export const newOutcomeHandle = '__new__';

const StepNode = memo(function StepNode({ data, selected }: NodeProps<StepNodeType>) {
  const handles = data.canAddOutcome ? [...data.outcomes, newOutcomeHandle] : data.outcomes;
  const classes = [
    'step',
    data.errors.length ? 'has-errors' : '',
    data.start ? 'start' : '',
    data.mark ?? '',
    selected ? 'selected' : '',
  ];
  return (
    <div className={classes.join(' ')} data-step={data.id} title={data.errors.join('\n')}>
      <Handle type="target" position={Position.Top} />
      <div className="step-title">
        {data.start && <span className="start-mark">▶ </span>}
        {data.title}
      </div>
      <div className="step-meta">
        {data.activity} · {data.level}
      </div>
      {data.warning && (
        <div className="step-warning" data-testid="step-label-warning" title={data.warning}>
          ⚠ {data.warning}
        </div>
      )}
      {data.errors.length > 0 && (
        <div className="step-errors" role="alert">
          {data.errors.length === 1 ? data.errors[0] : `${data.errors.length} problems: ${data.errors[0]}`}
        </div>
      )}
      {handles.map((outcome, i) => (
        <Handle
          key={outcome}
          id={outcome}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((i + 1) * 100) / (handles.length + 1)}%` }}
          className={outcome === newOutcomeHandle ? 'new-outcome' : ''}
          title={outcome === newOutcomeHandle ? 'drag to add an outcome' : outcome}
        />
      ))}
      {/* Inside the node, above the handles: never under a handle, an edge or the next outcome's label. */}
      {handles.map((outcome, i) => (
        <span
          key={outcome}
          className="outcome-label"
          title={outcome}
          style={{
            left: `${((i + 1) * 100) / (handles.length + 1)}%`,
            maxWidth: `${Math.floor(nodeWidth / (handles.length + 1)) - 4}px`,
          }}
        >
          {outcome === newOutcomeHandle ? '+' : outcome}
        </span>
      ))}
    </div>
  );
});

const nodeTypes = { step: StepNode };

interface GraphProps {
  definition: Definition;
  activities: Activity[];
  errorsByStep?: Map<string, string[]>;
  marks?: Map<string, DiffMark>;
  edgeMarks?: Map<string, DiffMark>;
  selectedStep?: string | null;
  selectedEdge?: string | null;
  editable: boolean;
  onSelectStep?: (id: string | null) => void;
  onSelectEdge?: (id: string | null) => void;
  onConnect?: (from: string, outcome: string, to: string) => void;
}

/** The least zoom at which the nodes' 12 px text still reads at 11 px or more. */
export const readableZoom = 0.95;

// The default view: the whole graph when it fits at a readable size, else readable (the reader zooms and pans for the
// rest). Again whenever the graph's shape changes: a step added or removed may land outside the view.
const fitOptions = { padding: 0.15, maxZoom: 1, minZoom: readableZoom };

function FitOnShapeChange({ shape }: { shape: string }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView(fitOptions));
    return () => cancelAnimationFrame(frame);
  }, [shape, fitView]);
  return null;
}

export function edgeId(from: string, outcome: string): string {
  return `${from}::${outcome}`;
}

// The layout depends only on the graph's shape, so typing in a setting never moves a node.
function shapeKey(definition: Definition): string {
  return definition.steps.map((s) => `${s.id}>${(s.next ?? []).map((t) => t.to).join(',')}`).join('|');
}

export function Graph(props: GraphProps) {
  const { definition, activities, errorsByStep, marks, edgeMarks, selectedStep, selectedEdge, editable } = props;
  const shape = shapeKey(definition);
  // Keyed on the shape alone on purpose: a new definition object with the same shape keeps its layout.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const positions = useMemo(() => layoutSteps(definition), [shape]);
  const nodes = useMemo<StepNodeType[]>(() => {
    const byName = new Map(activities.map((a) => [a.name, a]));
    return definition.steps.map((step) => {
      const activity = byName.get(step.activity);
      const outcomes = [...(activity?.outcomes ?? [])];
      for (const t of step.next ?? []) if (!outcomes.includes(t.outcome)) outcomes.push(t.outcome);
      return {
        id: step.id,
        type: 'step',
        position: positions.get(step.id) ?? { x: 0, y: 0 },
        selected: step.id === selectedStep,
        data: {
          id: step.id,
          title: step.label || step.id,
          activity: step.activity,
          level: step.level,
          outcomes,
          errors: errorsByStep?.get(step.id) ?? [],
          warning: labelMismatch(step, activity),
          start: step.id === definition.start,
          mark: marks?.get(step.id),
          canAddOutcome: editable && (activity?.dynamicOutcomes ?? false),
        },
      };
    });
  }, [definition, activities, positions, errorsByStep, marks, selectedStep, editable]);

  const edges = useMemo<Edge[]>(
    () =>
      definition.steps.flatMap((step) =>
        (step.next ?? []).map((t) => {
          const id = edgeId(step.id, t.outcome);
          const mark = edgeMarks?.get(id);
          return {
            id,
            source: step.id,
            sourceHandle: t.outcome,
            target: t.to,
            label: t.outcome,
            selected: id === selectedEdge,
            className: mark ?? '',
            animated: mark === 'added',
          };
        }),
      ),
    [definition, edgeMarks, selectedEdge],
  );

  const onConnect = (c: Connection) => {
    if (!c.source || !c.target || !c.sourceHandle) return;
    let outcome = c.sourceHandle;
    if (outcome === newOutcomeHandle) {
      outcome = window.prompt('Name of the new outcome')?.trim() ?? '';
      if (!outcome) return;
    }
    props.onConnect?.(c.source, outcome, c.target);
  };

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      fitView
      fitViewOptions={fitOptions}
      minZoom={0.1}
      nodesDraggable={false}
      nodesConnectable={editable}
      elementsSelectable
      deleteKeyCode={null}
      onConnect={onConnect}
      onNodeClick={(_, node) => props.onSelectStep?.(node.id)}
      onEdgeClick={(_, edge) => props.onSelectEdge?.(edge.id)}
      onPaneClick={() => {
        props.onSelectStep?.(null);
        props.onSelectEdge?.(null);
      }}
    >
      <FitOnShapeChange shape={shape} />
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
