// The shapes of the designer API (DefinitionJson on the server) and pure helpers over them.

export type {
  Activity,
  Definition,
  DefinitionDetail,
  FieldError,
  SettingDescriptor,
  SettingValue,
  Step,
  Transition,
  VersionDetail,
  VersionSummary,
} from '../api/types';
import type { Definition, SettingDescriptor, SettingValue, Step } from '../api/types';

/** Which step an error is about: "steps[3].settings.wait" → index 3. */
export function stepIndexOf(field: string): number | null {
  const match = /^steps\[(\d+)\]/.exec(field);
  return match ? Number(match[1]) : null;
}

/** The setting an error is about: "steps[3].settings.wait" → "wait". */
export function settingOf(field: string): string | null {
  const match = /^steps\[\d+\]\.settings\.(.+)$/.exec(field);
  return match ? match[1] : null;
}

export function uniqueStepId(definition: Definition, activity: string): string {
  const base = activity.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const taken = new Set(definition.steps.map((s) => s.id));
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function connect(definition: Definition, from: string, outcome: string, to: string): Definition {
  return {
    ...definition,
    steps: definition.steps.map((s) =>
      s.id !== from ? s : { ...s, next: [...(s.next ?? []).filter((t) => t.outcome !== outcome), { outcome, to }] },
    ),
  };
}

export function disconnect(definition: Definition, from: string, outcome: string): Definition {
  return {
    ...definition,
    steps: definition.steps.map((s) =>
      s.id !== from ? s : { ...s, next: (s.next ?? []).filter((t) => t.outcome !== outcome) },
    ),
  };
}

export function removeStep(definition: Definition, id: string): Definition {
  return {
    ...definition,
    start: definition.start === id ? '' : definition.start,
    steps: definition.steps
      .filter((s) => s.id !== id)
      .map((s) => ({ ...s, next: (s.next ?? []).filter((t) => t.to !== id) })),
  };
}

export function updateStep(definition: Definition, id: string, change: (step: Step) => Step): Definition {
  return { ...definition, steps: definition.steps.map((s) => (s.id === id ? change(s) : s)) };
}

/** Renames a step and every edge that leads to it. */
export function renameStep(definition: Definition, from: string, to: string): Definition {
  return {
    ...definition,
    start: definition.start === from ? to : definition.start,
    steps: definition.steps.map((s) => ({
      ...s,
      id: s.id === from ? to : s.id,
      next: (s.next ?? []).map((t) => (t.to === from ? { ...t, to } : t)),
    })),
  };
}

/** The typed setting value the server expects, from what a form field holds. */
export function settingValue(descriptor: SettingDescriptor, raw: string | boolean): SettingValue {
  switch (descriptor.type) {
    case 'bool':
      return { type: 'bool', value: Boolean(raw) };
    case 'int': {
      const n = Number(raw);
      return { type: 'int', value: Number.isInteger(n) ? n : String(raw) };
    }
    case 'stringList':
      return {
        type: 'stringList',
        value: String(raw)
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      };
    default:
      return { type: descriptor.type, value: String(raw) };
  }
}

export function displayValue(value: SettingValue | undefined): string {
  if (!value) return '';
  if (Array.isArray(value.value)) return value.value.join('\n');
  return String(value.value ?? '');
}
