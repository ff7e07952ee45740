import { useState } from 'react';
import { $api, ApiError, messageOf } from '../api/client';
import { hasRole, type Session } from '../auth/session';
import { navigate } from '../route';

export function DefinitionsPage({ session }: { session: Session }) {
  const { data: list, error: listError } = $api.useQuery('get', '/api/definitions');
  const importing = $api.useMutation('post', '/api/definitions/import');
  const [yaml, setYaml] = useState('');
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const error = listError ? messageOf(listError) : '';

  const readFile = async (file: File | undefined) => file && setYaml(await file.text());

  const importYaml = async (e: React.FormEvent) => {
    e.preventDefault();
    setImportErrors([]);
    try {
      const r = await importing.mutateAsync({ body: { yaml, status: null } });
      navigate('designer', r.definitionId, String(r.version));
    } catch (err) {
      setImportErrors(
        err instanceof ApiError && Object.keys(err.errors).length
          ? Object.entries(err.errors).flatMap(([f, m]) => m.map((x) => (f ? `${f}: ${x}` : x)))
          : [(err as Error).message],
      );
    }
  };

  return (
    <section>
      <h2>Workflow definitions</h2>
      {error && <p className="error">{error}</p>}
      {list && (
        <table>
          <thead>
            <tr>
              <th>Definition</th>
              <th>Name</th>
              <th>Active</th>
              <th>Latest</th>
              <th>Needs review</th>
            </tr>
          </thead>
          <tbody>
            {list.definitions.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={`#/designer/${encodeURIComponent(d.id)}`}>{d.id}</a>
                </td>
                <td>{d.name}</td>
                <td>{d.activeVersion ? `v${d.activeVersion}` : '—'}</td>
                <td>v{d.latestVersion}</td>
                <td>
                  {d.flaggedDrafts.map((v) => (
                    <a key={v} href={`#/designer/${encodeURIComponent(d.id)}/${v}`}>
                      v{v}{' '}
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && list.definitions.length === 0 && (
        <p className="muted">
          No definitions yet. The workflows folder's YAML files are imported at start; or import YAML here.
        </p>
      )}
      {list?.rejectedFiles.map((f) => (
        <p key={f.file} className="error">
          {f.file}: {f.errors.join('; ')}
        </p>
      ))}
      {hasRole(session, 'admin') && (
        <form className="import" onSubmit={importYaml}>
          <h3>Import YAML (as a draft)</h3>
          <input
            type="file"
            aria-label="YAML file"
            accept=".yaml,.yml"
            onChange={(e) => readFile(e.target.files?.[0])}
          />
          <textarea
            aria-label="Definition YAML"
            rows={10}
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
            placeholder="id: my-flow&#10;name: …"
          />
          <button type="submit" disabled={!yaml.trim()}>
            Import
          </button>
          {importErrors.map((m) => (
            <p key={m} className="error" role="alert">
              {m}
            </p>
          ))}
        </form>
      )}
    </section>
  );
}
