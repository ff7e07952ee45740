import { useMemo } from 'react';
import { $api, messageOf } from '../api/client';
import { edgeId, Graph, type DiffMark } from './Graph';
import type { Activity } from './model';

/** Two versions side by side: removed in red on the left, added in green on the right, changed in amber on both. */
export function DiffView({
  id,
  from,
  to,
  activities,
  onClose,
}: {
  id: string;
  from: number;
  to: number;
  activities: Activity[];
  onClose: () => void;
}) {
  const version = (n: number) => ({ params: { path: { id, version: n } } });
  const left = $api.useQuery('get', '/api/definitions/{id}/versions/{version}', version(from));
  const right = $api.useQuery('get', '/api/definitions/{id}/versions/{version}', version(to));
  const diff = $api.useQuery('get', '/api/definitions/{id}/diff', { params: { path: { id }, query: { from, to } } });
  const failed = left.error ?? right.error ?? diff.error;
  const error = failed ? messageOf(failed) : '';
  const data = useMemo(
    () => (left.data && right.data && diff.data ? { left: left.data, right: right.data, diff: diff.data } : null),
    [left.data, right.data, diff.data],
  );

  const marks = useMemo(() => {
    if (!data) return null;
    const changed = data.diff.changedSteps.map((c) => [c.id, 'changed'] as [string, DiffMark]);
    return {
      left: new Map<string, DiffMark>([
        ...data.diff.removedSteps.map((s) => [s, 'removed'] as [string, DiffMark]),
        ...changed,
      ]),
      right: new Map<string, DiffMark>([
        ...data.diff.addedSteps.map((s) => [s, 'added'] as [string, DiffMark]),
        ...changed,
      ]),
      leftEdges: new Map<string, DiffMark>(data.diff.removedEdges.map((e) => [edgeId(e.from, e.outcome), 'removed'])),
      rightEdges: new Map<string, DiffMark>(data.diff.addedEdges.map((e) => [edgeId(e.from, e.outcome), 'added'])),
    };
  }, [data]);

  return (
    <div className="modal wide" role="dialog" aria-label="Version diff">
      <h3>
        v{from} → v{to} <button onClick={onClose}>Close</button>
      </h3>
      {error && <p className="error">{error}</p>}
      {data && marks && (
        <>
          <div className="diff-graphs">
            <VersionGraph
              label={`Version ${from}`}
              definition={data.left.definition}
              activities={activities}
              marks={marks.left}
              edgeMarks={marks.leftEdges}
            />
            <VersionGraph
              label={`Version ${to}`}
              definition={data.right.definition}
              activities={activities}
              marks={marks.right}
              edgeMarks={marks.rightEdges}
            />
          </div>
          <table className="diff-table">
            <thead>
              <tr>
                <th>Change</th>
                <th>v{from}</th>
                <th>v{to}</th>
              </tr>
            </thead>
            <tbody>
              {data.diff.startFrom !== null && (
                <tr className="changed">
                  <td>start</td>
                  <td>{data.diff.startFrom}</td>
                  <td>{data.diff.startTo}</td>
                </tr>
              )}
              {data.diff.addedSteps.map((s) => (
                <tr key={'a' + s} className="added">
                  <td>step {s} added</td>
                  <td />
                  <td>{s}</td>
                </tr>
              ))}
              {data.diff.removedSteps.map((s) => (
                <tr key={'r' + s} className="removed">
                  <td>step {s} removed</td>
                  <td>{s}</td>
                  <td />
                </tr>
              ))}
              {data.diff.changedSteps.flatMap((c) =>
                c.changes.map((ch) => (
                  <tr key={c.id + ch.field} className="changed">
                    <td>
                      {c.id}.{ch.field}
                    </td>
                    <td>{ch.from ?? '—'}</td>
                    <td>{ch.to ?? '—'}</td>
                  </tr>
                )),
              )}
              {data.diff.addedEdges.map((e) => (
                <tr key={'ae' + edgeId(e.from, e.outcome)} className="added">
                  <td>
                    edge {e.from} —{e.outcome}→
                  </td>
                  <td />
                  <td>{e.to}</td>
                </tr>
              ))}
              {data.diff.removedEdges.map((e) => (
                <tr key={'re' + edgeId(e.from, e.outcome)} className="removed">
                  <td>
                    edge {e.from} —{e.outcome}→
                  </td>
                  <td>{e.to}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** One version's graph, read-only, with its diff marks. */
function VersionGraph({
  label,
  definition,
  activities,
  marks,
  edgeMarks,
}: {
  label: string;
  definition: Parameters<typeof Graph>[0]['definition'];
  activities: Activity[];
  marks: Map<string, DiffMark>;
  edgeMarks: Map<string, DiffMark>;
}) {
  return (
    <div className="canvas small" aria-label={label}>
      <Graph definition={definition} activities={activities} marks={marks} edgeMarks={edgeMarks} editable={false} />
    </div>
  );
}
