import { humanDuration, parseDuration, toTimeSpan } from '../format/duration';
import { useState } from 'react';
import {
  displayValue,
  settingOf,
  settingValue,
  type Activity,
  type Definition,
  type FieldError,
  type Step,
} from './model';
import { labelMismatch, relabel } from './labelDurations';

interface StepPanelProps {
  step: Step;
  index: number;
  definition: Definition;
  activity: Activity | undefined;
  errors: FieldError[];
  editable: boolean;
  onChange: (change: (step: Step) => Step) => void;
  onRename: (to: string) => void;
  onRemove: () => void;
  onMakeStart: () => void;
}

/** A form generated from the activity's described settings; the server's errors land on their fields. */
export function StepPanel(props: StepPanelProps) {
  const { step, index, definition, activity, errors, editable } = props;
  const [id, setId] = useState(step.id);
  const prefix = `steps[${index}]`;
  const mine = errors.filter((e) => e.field === prefix || e.field.startsWith(prefix + '.'));
  const fieldErrors = (name: string) => mine.filter((e) => settingOf(e.field) === name).map((e) => e.message);
  const otherErrors = mine.filter((e) => settingOf(e.field) === null);

  const setSetting = (name: string, raw: string | boolean, descriptor: Activity['settings'][number]) =>
    props.onChange((s) => {
      const settings = { ...(s.settings ?? {}) };
      if (raw === '' && !descriptor.required) delete settings[name];
      else settings[name] = settingValue(descriptor, raw);
      // A label that names the old duration ("Wait 72 hours") follows the new one ("Wait 5 days").
      let label = s.label;
      if (descriptor.type === 'duration' && label && typeof raw === 'string') {
        const before = parseDuration(
          displayValue(s.settings?.[name]) || (descriptor.default !== undefined ? String(descriptor.default) : ''),
        );
        const after = parseDuration(raw || (descriptor.default !== undefined ? String(descriptor.default) : ''));
        if (before !== null && after !== null) label = relabel(label, before, after);
      }
      return { ...s, settings, label };
    });
  const mismatch = labelMismatch(step, activity);

  return (
    <aside className="panel" aria-label="Step settings">
      <h3>Step</h3>
      <label>
        Id
        <input
          value={id}
          disabled={!editable}
          onChange={(e) => setId(e.target.value)}
          onBlur={() => id !== step.id && id.trim() && props.onRename(id.trim())}
        />
      </label>
      <label>
        Label
        <input
          value={step.label ?? ''}
          disabled={!editable}
          onChange={(e) => props.onChange((s) => ({ ...s, label: e.target.value || null }))}
        />
      </label>
      {mismatch && (
        <small className="label-warning" role="alert" data-testid="label-warning">
          ⚠ {mismatch}
        </small>
      )}
      <label>
        Level
        <select
          value={step.level}
          disabled={!editable}
          onChange={(e) => props.onChange((s) => ({ ...s, level: e.target.value as Step['level'] }))}
        >
          <option value="audit">audit</option>
          <option value="item">item</option>
        </select>
      </label>
      <p className="muted">
        {step.activity}: {activity?.description ?? 'unknown activity'}
      </p>
      {activity?.settings.map((d) => {
        const value = step.settings?.[d.name];
        const problems = fieldErrors(d.name);
        const inputId = `setting-${d.name}`;
        return (
          <div key={d.name} className={`field ${problems.length ? 'invalid' : ''}`}>
            <label htmlFor={inputId}>
              {d.name} {d.required && <span className="required">*</span>} <span className="muted">({d.type})</span>
            </label>
            {d.type === 'bool' ? (
              <input
                id={inputId}
                type="checkbox"
                disabled={!editable}
                checked={Boolean(value?.value ?? d.default)}
                onChange={(e) => setSetting(d.name, e.target.checked, d)}
              />
            ) : d.allowedValues && d.allowedValues.length > 0 ? (
              <select
                id={inputId}
                disabled={!editable}
                value={displayValue(value)}
                onChange={(e) => setSetting(d.name, e.target.value, d)}
              >
                <option value="">{d.default !== undefined ? `(default: ${String(d.default)})` : '—'}</option>
                {d.allowedValues.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            ) : d.type === 'stringList' ? (
              <textarea
                id={inputId}
                disabled={!editable}
                value={displayValue(value)}
                onChange={(e) => setSetting(d.name, e.target.value, d)}
              />
            ) : (
              <input
                id={inputId}
                name={d.name}
                disabled={!editable}
                value={displayValue(value)}
                placeholder={
                  d.default !== undefined
                    ? `default: ${String(d.default)}`
                    : d.type === 'duration'
                      ? 'e.g. 72h, 3d or 3.00:00:00'
                      : ''
                }
                onChange={(e) => setSetting(d.name, e.target.value, d)}
                onBlur={
                  d.type === 'duration'
                    ? (e) => {
                        // "72h" and "3d" are kept as the TimeSpan text the definition stores.
                        const seconds = parseDuration(e.target.value);
                        if (seconds !== null && e.target.value.trim() !== toTimeSpan(seconds))
                          setSetting(d.name, toTimeSpan(seconds), d);
                      }
                    : undefined
                }
              />
            )}
            {d.type === 'duration' &&
              (() => {
                const text = displayValue(value) || (d.default !== undefined ? String(d.default) : '');
                const seconds = parseDuration(text);
                return seconds !== null ? (
                  <small className="duration-words" data-testid={`duration-${d.name}`}>
                    {humanDuration(seconds)}
                    {displayValue(value) ? '' : ' (default)'}
                  </small>
                ) : null;
              })()}
            <small className="muted">{d.description}</small>
            {problems.map((p) => (
              <small key={p} className="error" role="alert">
                {p}
              </small>
            ))}
          </div>
        );
      })}
      {otherErrors.map((e) => (
        <p key={e.field + e.message} className="error" role="alert">
          {e.field}: {e.message}
        </p>
      ))}
      {editable && (
        <div className="actions">
          {definition.start !== step.id && <button onClick={props.onMakeStart}>Make start</button>}
          <button className="danger" onClick={props.onRemove}>
            Remove step
          </button>
        </div>
      )}
    </aside>
  );
}
