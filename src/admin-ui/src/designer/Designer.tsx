import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, client, messageOf, quietClient, SessionEndedError } from '../api/client';
import { useDebounced } from '../format/useDebounced';
import { hasRole, type Session } from '../auth/session';
import { navigate } from '../route';
import { DiffView } from './DiffView';
import { Graph } from './Graph';
import {
  connect,
  disconnect,
  removeStep,
  renameStep,
  stepIndexOf,
  uniqueStepId,
  updateStep,
  type Activity,
  type Definition,
  type DefinitionDetail,
  type VersionDetail,
} from './model';
import { StepPanel } from './StepPanel';
import { Versions } from './Versions';
import { dropUnsaved, keepUnsaved, readUnsaved, setFlash, takeFlash, type Unsaved } from './unsaved';

interface Props {
  id: string;
  version?: number;
  session: Session;
}

interface Loaded {
  activities: Activity[];
  detail: DefinitionDetail;
  loaded: VersionDetail;
  kept: Unsaved | null;
  /** When the data was in hand, for the render time shown. */
  at: number;
}

/** The definition's version shown (the one asked for, else the active one, else the latest), with what it needs. */
async function loadDesigner(id: string, version: number | undefined, signal: AbortSignal): Promise<Loaded | null> {
  const [activities, detail] = await Promise.all([
    client.GET('/api/activities', { signal }),
    client.GET('/api/definitions/{id}', { params: { path: { id } }, signal }),
  ]);
  const det = detail.data!;
  const n = version ?? det.activeVersion ?? det.versions[det.versions.length - 1].version;
  const v = (
    await client.GET('/api/definitions/{id}/versions/{version}', { params: { path: { id, version: n } }, signal })
  ).data!;
  const kept = readUnsaved(id);
  // A save the ended session refused is made now; the designer then opens the version it made.
  if (kept?.pendingSave && kept.baseVersion === v.version.version && (await saveKept(id, kept))) return null;
  const mine = kept && kept.baseVersion === v.version.version ? kept : null;
  return { activities: activities.data!, detail: det, loaded: v, kept: mine, at: performance.now() };
}

export function Designer({ id, version, session }: Props) {
  const designer = useQuery({
    queryKey: ['designer', id, version],
    queryFn: ({ signal }) => loadDesigner(id, version, signal),
    // The editor owns its copy once loaded: no refetch may overwrite edits.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  if (designer.error) return <p className="error">{messageOf(designer.error)}</p>;
  if (!designer.data) return <p className="muted">Loading…</p>;
  return <Editor id={id} session={session} {...designer.data} />;
}

function Editor({ id, session, activities, detail, loaded, kept, at }: Loaded & { id: string; session: Session }) {
  const editable = hasRole(session, 'admin');
  const [definition, setDefinition] = useState<Definition>(kept ? kept.definition : loaded.definition);
  const [dirty, setDirty] = useState(kept !== null);
  const [saveErrors, setErrors] = useState<{ field: string; message: string }[] | null>(null);
  const [selectedStep, setSelectedStep] = useState<string | null>(null);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [message, setMessage] = useState(
    () => takeFlash() || (kept ? 'Your unsaved changes were kept: they are below, not saved yet.' : ''),
  );
  const [exported, setExported] = useState<{ format: string; text: string } | null>(null);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [renderedIn, setRenderedIn] = useState<number | null>(null);

  // Measured from data in hand to the graph on screen: layout plus render.
  useEffect(() => {
    if (renderedIn !== null) return;
    requestAnimationFrame(() => {
      const ms = Math.round(performance.now() - at);
      setRenderedIn(ms);
      console.info(`designer: ${definition.steps.length} steps laid out and rendered in ${ms} ms`);
    });
  }, [definition, renderedIn, at]);

  // Validated as you type, by the server's own rules, once the typing stops; only the latest definition's answer
  // counts. Checking must not interrupt editing when the session has ended: the save asks to sign in again.
  const asked = useDebounced(definition, 250);
  const validation = useQuery({
    queryKey: ['post', '/api/definitions/validate', asked],
    queryFn: async ({ signal }) => (await quietClient.POST('/api/definitions/validate', { body: asked, signal })).data!,
    retry: false,
    staleTime: Infinity,
    // The last answer's marks stay on screen while the next check runs.
    placeholderData: (previous) => previous,
  });
  // "checking" is true from the render of the change itself, so no frame ever calls an unchecked definition valid.
  const checking = asked !== definition || validation.isFetching;
  const signedOut = validation.error instanceof SessionEndedError;
  const errors = useMemo(
    () =>
      saveErrors ??
      (validation.error
        ? validation.error instanceof SessionEndedError
          ? []
          : [{ field: '', message: messageOf(validation.error) }]
        : (validation.data?.errors ?? [])),
    [saveErrors, validation.error, validation.data],
  );

  useEffect(() => {
    if (dirty && definition && loaded)
      keepUnsaved(id, { baseVersion: loaded.version.version, definition, pendingSave: null });
  }, [id, dirty, definition, loaded]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const errorsByStep = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const e of errors) {
      const i = stepIndexOf(e.field);
      const step = i === null ? undefined : definition?.steps[i];
      if (step)
        map.set(step.id, [...(map.get(step.id) ?? []), e.field.replace(/^steps\[\d+\]\.?/, '') + ': ' + e.message]);
    }
    return map;
  }, [errors, definition]);

  const change = (next: Definition) => {
    setDefinition(next);
    setErrors(null);
    setDirty(true);
    setMessage('');
  };

  const addStep = (activity: Activity) => {
    const stepId = uniqueStepId(definition, activity.name);
    const level = definition.steps.find((s) => s.id === selectedStep)?.level ?? 'item';
    change({
      ...definition,
      steps: [...definition.steps, { id: stepId, activity: activity.name, level, settings: {}, next: [] }],
    });
    setSelectedStep(stepId);
  };

  const save = async (status: 'draft' | 'published') => {
    if (
      status === 'published' &&
      !window.confirm('Publish this as the new active version? Running instances stay on their version.')
    )
      return;
    try {
      const { data: saved } = await client.POST('/api/definitions/{id}/versions', {
        params: { path: { id } },
        body: { status, definition },
      });
      setDirty(false);
      dropUnsaved(id);
      navigate('designer', id, String(saved!.version));
    } catch (e) {
      // The app now asks to sign in again; the changes and this save wait in the tab until then.
      if (e instanceof SessionEndedError)
        keepUnsaved(id, { baseVersion: loaded.version.version, definition, pendingSave: status });
      else if (e instanceof ApiError && Object.keys(e.errors).length > 0) {
        setErrors(
          Object.entries(e.errors).flatMap(([field, messages]) => messages.map((message) => ({ field, message }))),
        );
        setMessage('Not saved: fix the problems shown on the steps.');
      } else setMessage(`Not saved: ${(e as Error).message}`);
    }
  };

  // A test run starts the saved version shown, so unsaved changes must be saved (as a draft) first.
  const testRunOff =
    session.testRunRefusal ?? (dirty ? 'Save the changes as a draft first: a test run starts the saved version.' : '');
  const testRun = async () => {
    try {
      const { data: started } = await client.POST('/api/definitions/{id}/versions/{version}/test-run', {
        params: { path: { id, version: loaded.version.version } },
      });
      setMessage(`Test run of v${loaded.version.version} started: instance ${started!.id} (see Instances).`);
    } catch (e) {
      setMessage(`Test run not started: ${(e as Error).message}`);
    }
  };

  const exportAs = async (format: 'yaml' | 'mermaid') => {
    try {
      const { data: r } = await client.POST('/api/definitions/export', {
        params: { query: { format } },
        body: definition,
      });
      setExported({ format, text: r!.text });
    } catch (e) {
      setMessage(`Cannot export: ${(e as Error).message}`);
    }
  };

  const index = definition.steps.findIndex((s) => s.id === selectedStep);
  const step = index >= 0 ? definition.steps[index] : null;
  const edge = selectedEdge ? selectedEdge.split('::') : null;
  const topErrors = errors.filter((e) => stepIndexOf(e.field) === null);

  return (
    <div className="designer" data-rendered-ms={renderedIn ?? ''}>
      <div className="toolbar">
        <a href="#/designer">Definitions</a> / <strong>{definition.name}</strong> <code>{id}</code>
        <span className="badge">
          v{loaded.version.version} {loaded.version.status}
          {detail.activeVersion === loaded.version.version ? ' (active)' : ''}
        </span>
        {dirty && <span className="badge warn">unsaved changes</span>}
        <span
          className={`badge ${checking ? '' : signedOut ? 'warn' : errors.length ? 'bad' : 'good'}`}
          data-testid="validation"
        >
          {checking
            ? 'checking…'
            : signedOut
              ? 'not checked: signed out'
              : errors.length
                ? `${errors.length} problem${errors.length > 1 ? 's' : ''}`
                : 'valid'}
        </span>
        <span className="spacer" />
        {editable && (
          <>
            <button
              onClick={() => save('draft')}
              disabled={!dirty || checking || errors.length > 0}
              title={errors.length ? 'Fix the problems first: a version is always valid' : ''}
            >
              Save draft
            </button>
            <button className="primary" onClick={() => save('published')} disabled={checking || errors.length > 0}>
              Publish
            </button>
            <button onClick={testRun} disabled={!!testRunOff} title={testRunOff}>
              Test run
            </button>
          </>
        )}
        <button onClick={() => exportAs('yaml')}>Export YAML</button>
        <button onClick={() => exportAs('mermaid')}>Export mermaid</button>
      </div>
      {message && (
        <p className="message" role="status">
          {message}
        </p>
      )}
      {topErrors.map((e) => (
        <p key={e.field + e.message} className="error" role="alert">
          {e.field ? `${e.field}: ` : ''}
          {e.message}
        </p>
      ))}
      <div className="designer-body">
        {editable && (
          <aside className="palette" aria-label="Palette">
            <h3>Add a step</h3>
            {activities.map((a) => (
              <button key={a.name} title={a.description} onClick={() => addStep(a)}>
                + {a.name}
              </button>
            ))}
            <p className="muted">Drag from an outcome (bottom of a step) to another step to connect them.</p>
            <label>
              Start step
              <select value={definition.start} onChange={(e) => change({ ...definition, start: e.target.value })}>
                <option value="">—</option>
                {definition.steps.map((s) => (
                  <option key={s.id}>{s.id}</option>
                ))}
              </select>
            </label>
          </aside>
        )}
        <div className="canvas">
          <Graph
            definition={definition}
            activities={activities}
            errorsByStep={errorsByStep}
            selectedStep={selectedStep}
            selectedEdge={selectedEdge}
            editable={editable}
            onSelectStep={(s) => {
              setSelectedStep(s);
              setSelectedEdge(null);
            }}
            onSelectEdge={(e) => {
              setSelectedEdge(e);
              setSelectedStep(null);
            }}
            onConnect={(from, outcome, to) => change(connect(definition, from, outcome, to))}
          />
        </div>
        {step && (
          <StepPanel
            key={step.id}
            step={step}
            index={index}
            definition={definition}
            activity={activities.find((a) => a.name === step.activity)}
            errors={errors}
            editable={editable}
            onChange={(f) => change(updateStep(definition, step.id, f))}
            onRename={(to) => {
              change(renameStep(definition, step.id, to));
              setSelectedStep(to);
            }}
            onRemove={() => {
              change(removeStep(definition, step.id));
              setSelectedStep(null);
            }}
            onMakeStart={() => change({ ...definition, start: step.id })}
          />
        )}
        {edge && (
          <aside className="panel" aria-label="Edge">
            <h3>Edge</h3>
            <p>
              {edge[0]} —{edge[1]}→{' '}
              {definition.steps.find((s) => s.id === edge[0])?.next?.find((t) => t.outcome === edge[1])?.to}
            </p>
            {editable && (
              <button
                className="danger"
                onClick={() => {
                  change(disconnect(definition, edge[0], edge[1]));
                  setSelectedEdge(null);
                }}
              >
                Remove edge
              </button>
            )}
          </aside>
        )}
        {!step && !edge && (
          <Versions
            detail={detail}
            current={loaded.version.version}
            onCompare={(from, to) => setCompare({ from, to })}
          />
        )}
      </div>
      {exported && (
        <div className="modal" role="dialog" aria-label={`Export ${exported.format}`}>
          <h3>{exported.format === 'yaml' ? 'YAML' : 'Mermaid'}</h3>
          <textarea readOnly value={exported.text} rows={20} />
          <button onClick={() => setExported(null)}>Close</button>
        </div>
      )}
      {compare && (
        <DiffView
          id={id}
          from={compare.from}
          to={compare.to}
          activities={activities}
          onClose={() => setCompare(null)}
        />
      )}
    </div>
  );
}

/** Makes the save the ended session refused; true when it is saved (the designer then opens the new version). */
async function saveKept(id: string, kept: Unsaved): Promise<boolean> {
  try {
    const { data: saved } = await client.POST('/api/definitions/{id}/versions', {
      params: { path: { id } },
      body: { status: kept.pendingSave, definition: kept.definition },
    });
    dropUnsaved(id);
    setFlash(
      `Saved as ${kept.pendingSave === 'published' ? 'published' : 'draft'} version ${saved!.version}: your changes were kept while you signed in again.`,
    );
    navigate('designer', id, String(saved!.version));
    return true;
  } catch (e) {
    if (e instanceof SessionEndedError) throw e;
    keepUnsaved(id, { ...kept, pendingSave: null });
    setFlash(`Your kept changes are not saved yet: ${(e as Error).message}`);
    return false;
  }
}
