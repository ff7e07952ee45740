import { humanDuration, parseDuration } from '../format/duration';
import { displayValue, type Activity, type Step } from './model';

// A label such as "Wait 72 hours" repeats a setting in words; these keep the words and the setting together.

const phrase = /(\d+(?:\.\d+)?)[\s-]*(minutes?|hours?|days?|weeks?)\b/gi;
const unitSeconds: Record<string, number> = { minute: 60, hour: 3600, day: 86400, week: 604800 };

/** Every duration a label names ("72 hours", "4 days"), with its length in seconds. */
export function durationsInLabel(label: string): { text: string; seconds: number }[] {
  return [...label.matchAll(phrase)].map((m) => ({
    text: m[0],
    seconds: Number(m[1]) * unitSeconds[m[2].toLowerCase().replace(/s$/, '')],
  }));
}

/** The step's duration settings (value, else default) in seconds, by name. */
export function durationSettings(step: Step, activity: Activity | undefined): { name: string; seconds: number }[] {
  return (
    (activity?.settings ?? [])
      // The step's own timing (timeout, duration), not the retry policy's delays.
      .filter((d) => d.type === 'duration' && !d.name.includes('.'))
      .map((d) => ({
        name: d.name,
        seconds: parseDuration(
          displayValue(step.settings?.[d.name]) || (d.default !== undefined ? String(d.default) : ''),
        ),
      }))
      .filter((s): s is { name: string; seconds: number } => s.seconds !== null)
  );
}

/** Why the label no longer matches the step's settings ("The label says 72 hours; timeout is 5 days"), or null. */
export function labelMismatch(step: Step, activity: Activity | undefined): string | null {
  const settings = durationSettings(step, activity);
  if (!step.label || settings.length === 0) return null;
  const wrong = durationsInLabel(step.label).find((p) => !settings.some((s) => s.seconds === p.seconds));
  return wrong
    ? `The label says ${wrong.text}; ${settings.map((s) => `${s.name} is ${humanDuration(s.seconds)}`).join(', ')}`
    : null;
}

/** The label with every mention of the old duration rewritten as the new one: "Wait 72 hours" → "Wait 5 days". */
export function relabel(label: string, oldSeconds: number, newSeconds: number): string {
  if (oldSeconds === newSeconds || newSeconds <= 0) return label;
  return label.replace(phrase, (text, n: string, unit: string) =>
    Number(n) * unitSeconds[unit.toLowerCase().replace(/s$/, '')] === oldSeconds ? humanDuration(newSeconds) : text,
  );
}
