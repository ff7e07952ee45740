import { whenExact } from '../format/time';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { PerDayChart, type DayCount } from './PerDayChart';

interface AuditRecord {
  id: string;
  executionTime: string | null;
  action: string | null;
  actors: { id?: string; type?: string; summary?: string }[] | null;
  methodType: string | null;
  rootResource: { id: string | null; type: string | null; summary: string | null };
  malformed: boolean;
}

interface Page {
  records: AuditRecord[];
  next: string | null;
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
  const [filter, setFilter] = useState({ from: '', to: '', actor: '', resourceType: '', action: '' });
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [days, setDays] = useState<DayCount[]>([]);
  const [error, setError] = useState('');
  const [filtered, setFiltered] = useState(false);

  const query = (after?: string) => {
    const q = new URLSearchParams();
    const from = parseUtc(filter.from, 'start'),
      to = parseUtc(filter.to, 'end');
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    for (const k of ['actor', 'resourceType', 'action'] as const) if (filter[k].trim()) q.set(k, filter[k].trim());
    if (after) q.set('after', after);
    return q.toString();
  };
  const load = async (after?: string) => {
    const bad = (['from', 'to'] as const).find((k) => filter[k].trim() && !parseUtc(filter[k], 'start'));
    if (bad) {
      setError(
        `${bad === 'from' ? 'From' : 'To'}: write a UTC date such as 2026-12-09, or a moment such as 2026-12-09 14:00.`,
      );
      return;
    }
    try {
      const page = await api<Page>('GET', `/api/sources/pagerduty/audit-records?limit=50&${query(after)}`);
      setRecords((r) => (after ? [...r, ...page.records] : page.records));
      setNext(page.next);
      if (!after) {
        setDays(await api<DayCount[]>('GET', `/api/sources/pagerduty/audit-records/per-day?${query()}`));
        setFiltered(Object.values(filter).some((v) => v.trim() !== ''));
      }
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    load();
    // The first page loads once; later pages and filters load on the buttons.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
          load();
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
      {records.length === 0 ? (
        <p className="empty" data-testid="records-empty">
          {filtered
            ? 'No records in this range: widen the dates or clear a filter.'
            : "No audit records collected yet. Every minute the collector stores PagerDuty's audit records (who changed users, schedules and settings); they appear here once it has run with a PagerDuty token."}
        </p>
      ) : (
        <PerDayChart days={days} />
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
                <td>{(r.actors ?? []).map((a) => a.summary ?? a.id).join(', ')}</td>
                <td>
                  {r.rootResource.type} {r.rootResource.summary ?? r.rootResource.id}
                </td>
                <td>{r.methodType}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button onClick={() => load(next)}>More</button>}
    </div>
  );
}
