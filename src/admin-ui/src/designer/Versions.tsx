import { when } from '../format/time';
import { useState } from 'react';
import type { DefinitionDetail } from './model';

/** Every version of the definition, newest first, and the two to compare side by side. */
export function Versions({
  detail,
  current,
  onCompare,
}: {
  detail: DefinitionDetail;
  current: number;
  onCompare: (from: number, to: number) => void;
}) {
  const versions = [...detail.versions].reverse();
  const [from, setFrom] = useState(versions.length > 1 ? versions[1].version : current);
  const [to, setTo] = useState(versions[0].version);
  return (
    <aside className="panel" aria-label="Versions">
      <h3>Versions</h3>
      <ul className="versions">
        {versions.map((v) => (
          <li key={v.version} className={v.version === current ? 'current' : ''}>
            <a href={`#/designer/${encodeURIComponent(detail.id)}/${v.version}`}>v{v.version}</a> {v.status}
            {detail.activeVersion === v.version && <strong> active</strong>} · {v.origin}
            {v.author ? ` by ${v.author}` : ''} · {when(v.createdAt)}
            {v.flagged && <div className="warn">{v.flagged}</div>}
          </li>
        ))}
      </ul>
      {versions.length > 1 && (
        <div className="compare">
          Compare
          <select aria-label="From version" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
          with
          <select aria-label="To version" value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
          <button onClick={() => onCompare(from, to)}>Show diff</button>
        </div>
      )}
    </aside>
  );
}
