import { whenExact } from '../format/time';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { $api, client, messageOf } from '../api/client';
import type { AuditRecord } from '../api/types';
import { PerDayChart } from './PerDayChart';

// The document gives the actors as free JSON (PagerDuty's own shape): read what a person needs from it.
function actorNames(record: AuditRecord): string {
  const actors = Array.isArray(record.actors) ? (record.actors as { id?: string; summary?: string }[]) : [];
  return actors.map((a) => a.summary ?? a.id).join(', ');
}

/**
 * A filter bound in UTC, as every time on these pages: "2026-12-09" is the whole UTC day (from its start, or to its
 * end), "2026-12-09 14:00" that moment. Null when the text is neither.
 */
export function parseUtc(text: string, edge: 'start' | 'end'): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?(?:\s*(?:UTC|Z))?$/i.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  const back = new Date(t);
  if (
    Number.isNaN(t) ||
    back.getUTCDate() !== Number(d) ||
    back.getUTCMonth() !== Number(mo) - 1 ||
    Number(h ?? 0) > 23 ||
    Number(mi ?? 0) > 59
  )
    return null;
  // The API's "to" is exclusive: a date alone ends where the next day starts, so "to 2026-12-09" includes the 9th.
  return new Date(h === undefined && edge === 'end' ? t + 86_400_000 : t).toISOString();
}

/** The collected PagerDuty audit records: filters, a records-per-day chart, and the table paged by cursor. */
export function AuditRecords() {
  const empty = { from: '', to: '', actor: '', resourceType: '', action: '' };
  const [filter, setFilter] = useState(empty);
  const [applied, setApplied] = useState(empty);
  const [invalid, setInvalid] = useState('');

  const query = {
    from: parseUtc(applied.from, 'start') ?? undefined,
    to: parseUtc(applied.to, 'end') ?? undefined,
    actor: applied.actor.trim() || undefined,
    resourceType: applied.resourceType.trim() || undefined,
    action: applied.action.trim() || undefined,
  };
  const pages = useInfiniteQuery({
    queryKey: ['get', '/api/sources/pagerduty/audit-records', query],
    queryFn: async ({ pageParam, signal }) =>
      (
        await client.GET('/api/sources/pagerduty/audit-records', {
          params: { query: { ...query, limit: 50, after: pageParam } },
          signal,
        })
      ).data!,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const perDay = $api.useQuery('get', '/api/sources/pagerduty/audit-records/per-day', { params: { query } });
  const records = pages.data?.pages.flatMap((p) => p.records) ?? [];
  const days = perDay.data ?? [];
  const filtered = Object.values(applied).some((v) => v.trim() !== '');
  const error = invalid || ((pages.error ?? perDay.error) ? messageOf(pages.error ?? perDay.error) : '');

  const apply = () => {
    const bad = (['from', 'to'] as const).find((k) => filter[k].trim() && !parseUtc(filter[k], 'start'));
    setInvalid(
      bad
        ? `${bad === 'from' ? 'From' : 'To'}: write a UTC date such as 2026-12-09, or a moment such as 2026-12-09 14:00.`
        : '',
    );
    if (!bad) setApplied(filter);
  };

  const field = (k: keyof typeof filter, label: string, placeholder = '') => (
    <label>
      {label}{' '}
      <input
        aria-label={label}
        value={filter[k]}
        placeholder={placeholder}
        size={placeholder ? 17 : undefined}
        onChange={(e) => setFilter({ ...filter, [k]: e.target.value })}
      />
    </label>
  );
  return (
    <div className="audit-records">
      <h3>Audit records</h3>
      <form
        className="inline-form filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        {field('from', 'From (UTC)', '2026-12-09 or … 14:00')}
        {field('to', 'To (UTC)', '2026-12-09 or … 14:00')}
        {field('actor', 'Actor')}
        {field('resourceType', 'Resource type')}
        {field('action', 'Action')}
        <button type="submit">Filter</button>
      </form>
      {error && <p className="error">{error}</p>}
      {pages.isSuccess && records.length === 0 ? (
        <p className="empty" data-testid="records-empty">
          {filtered
            ? 'No records in this range: widen the dates or clear a filter.'
            : "No audit records collected yet. Every minute the collector stores PagerDuty's audit records (who changed users, schedules and settings); they appear here once it has run with a PagerDuty token."}
        </p>
      ) : (
        records.length > 0 && <PerDayChart days={days} />
      )}
      {records.length > 0 && (
        <table className="records">
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Actor</th>
              <th>Resource</th>
              <th>Method</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-record={r.id} className={r.malformed ? 'malformed' : ''}>
                <td>{r.executionTime ? whenExact(r.executionTime) : '(malformed)'}</td>
                <td>{r.action}</td>
                <td>{actorNames(r)}</td>
                <td>
                  {r.rootResource.type} {r.rootResource.summary ?? r.rootResource.id}
                </td>
                <td>{r.methodType}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.hasNextPage && (
        <button onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          More
        </button>
      )}
    </div>
  );
}
