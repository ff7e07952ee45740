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

interface Page { records: AuditRecord[]; next: string | null }

/** The collected PagerDuty audit records: filters, a records-per-day chart, and the table paged by cursor. */
export function AuditRecords() {
  const [filter, setFilter] = useState({ from: '', to: '', actor: '', resourceType: '', action: '' });
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [days, setDays] = useState<DayCount[]>([]);
  const [error, setError] = useState('');

  const query = (after?: string) => {
    const q = new URLSearchParams();
    if (filter.from) q.set('from', new Date(filter.from).toISOString());
    if (filter.to) q.set('to', new Date(filter.to).toISOString());
    for (const k of ['actor', 'resourceType', 'action'] as const) if (filter[k].trim()) q.set(k, filter[k].trim());
    if (after) q.set('after', after);
    return q.toString();
  };
  const load = async (after?: string) => {
    try {
      const page = await api<Page>('GET', `/api/sources/pagerduty/audit-records?limit=50&${query(after)}`);
      setRecords((r) => (after ? [...r, ...page.records] : page.records));
      setNext(page.next);
      if (!after) setDays(await api<DayCount[]>('GET', `/api/sources/pagerduty/audit-records/per-day?${query()}`));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => { load(); }, []);

  const field = (k: keyof typeof filter, label: string, type = 'text') => (
    <label>{label} <input aria-label={label} type={type} value={filter[k]} onChange={(e) => setFilter({ ...filter, [k]: e.target.value })} /></label>
  );
  return (
    <div className="audit-records">
      <h3>Audit records</h3>
      <form className="inline-form filters" onSubmit={(e) => { e.preventDefault(); load(); }}>
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        {field('actor', 'Actor')}
        {field('resourceType', 'Resource type')}
        {field('action', 'Action')}
        <button type="submit">Filter</button>
      </form>
      {error && <p className="error">{error}</p>}
      <PerDayChart days={days} />
      <table className="records">
        <thead><tr><th>When</th><th>Action</th><th>Actor</th><th>Resource</th><th>Method</th></tr></thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id} data-record={r.id} className={r.malformed ? 'malformed' : ''}>
              <td>{r.executionTime ? whenExact(r.executionTime) : '(malformed)'}</td>
              <td>{r.action}</td>
              <td>{(r.actors ?? []).map((a) => a.summary ?? a.id).join(', ')}</td>
              <td>{r.rootResource.type} {r.rootResource.summary ?? r.rootResource.id}</td>
              <td>{r.methodType}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && <button onClick={() => load(next)}>More</button>}
    </div>
  );
}
