// Durations as people write and read them: "72h", "3d", "90m", "1d 12h" or .NET's "3.00:00:00" in; "3 days" out.

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds for "72h", "3d", "1d 12h", "45m", "3.00:00:00" or "12:00:00"; null when it is none of those. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (span) {
    const [, d, h, m, s] = span;
    return Number(d ?? 0) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s ?? 0);
  }
  const parts = t
    .replace(/(\d)\s+(?=[a-z])/g, '$1')
    .split(/[\s,]+/)
    .filter(Boolean);
  let total = 0;
  for (const part of parts) {
    const match = /^(\d+(?:\.\d+)?)(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)$/.exec(
      part,
    );
    if (!match) return null;
    total += Number(match[1]) * units[match[2][0]];
  }
  return Math.round(total);
}

/** .NET's TimeSpan text ("3.00:00:00"), what the API takes. */
export function toTimeSpan(seconds: number): string {
  const d = Math.floor(seconds / 86400),
    h = Math.floor((seconds % 86400) / 3600),
    m = Math.floor((seconds % 3600) / 60),
    s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d ? `${d}.` : ''}${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** "3 days", "72 hours" stays "3 days", "1 day 12 hours", "90 minutes" reads "1 hour 30 minutes". */
export function humanDuration(seconds: number): string {
  if (seconds <= 0) return 'no time';
  const parts: string[] = [];
  // Past an hour, seconds are noise (a wait set at 09:00:00.4 and due 72 hours later still reads "3 days").
  let rest = seconds >= 3600 ? Math.round(seconds / 60) * 60 : Math.round(seconds);
  for (const [name, size] of [
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    if (name === 'week' && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(' ');
}

/** A TimeSpan text from the API ("3.00:00:00") in words, or the text itself when it is not one. */
export function humanTimeSpan(text: string): string {
  const seconds = parseDuration(text);
  return seconds === null ? text : humanDuration(seconds);
}
