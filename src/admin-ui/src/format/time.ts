// One date format with its zone on every page: "2026-12-09 14:00 UTC" (the service's clock and the runs are in UTC).

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The same, to the second, where seconds matter (audit records). */
export function whenExact(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
