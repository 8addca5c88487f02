/** The audit log (auditor and admin): per-turn rows filtered by time, site, intent and status; CSV export; admin changes. */
import { useEffect, useState } from 'preact/hooks';
import type { AdminChange, AuditTurnRow } from '../../../shared/ops';
import { api, download, session } from '../api';
import { ListTable } from '../list-table';

type Row = AuditTurnRow;
type Change = AdminChange;

export function AuditLog(props: { site: string }) {
  const [f, setF] = useState({ from: '', to: '', site: props.site, intent: '', status: '' });
  const [rows, setRows] = useState<Row[]>([]);
  const [changes, setChanges] = useState<Change[]>([]);
  const [error, setError] = useState('');
  const query = () => {
    const q = new URLSearchParams();
    if (f.from) q.set('from', String(new Date(f.from).getTime()));
    if (f.to) q.set('to', String(new Date(f.to).getTime()));
    for (const k of ['site', 'intent', 'status'] as const) if (f[k]) q.set(k, f[k]);
    return q;
  };
  const load = () => {
    api<{ rows: Row[] }>(`/admin/api/turns?${query()}`)
      .then((r) => setRows(r.rows))
      .catch((e: Error) => setError(e.message));
    api<{ entries: Change[] }>('/admin/api/audit?limit=50')
      .then((r) => setChanges(r.entries))
      .catch(() => setChanges([]));
  };
  useEffect(load, []);
  const csv = async () => {
    const q = query();
    q.set('format', 'csv');
    const res = await fetch(`/admin/api/turns?${q}`, { headers: { authorization: `Bearer ${session.get() ?? ''}` } });
    download('parley-audit.csv', await res.text(), 'text/csv');
  };
  const input = (k: keyof typeof f, label: string, type = 'text') => (
    <div class="field">
      <label for={`a-${k}`}>{label}</label>
      <input id={`a-${k}`} type={type} value={f[k]} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
    </div>
  );
  return (
    <section aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        {input('from', 'From', 'datetime-local')}
        {input('to', 'To', 'datetime-local')}
        {input('site', 'Site')}
        {input('intent', 'Intent')}
        <div class="field">
          <label for="a-status">Status</label>
          <select id="a-status" value={f.status} onChange={(e) => setF({ ...f, status: e.currentTarget.value })}>
            <option value="">any</option>
            <option value="done">done</option>
            <option value="error">error</option>
          </select>
        </div>
        <button type="submit">Filter</button>
        <button type="button" class="secondary" onClick={csv}>
          Export CSV
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ListTable
        label="Turns"
        columns={['Time', 'Site', 'Intent', 'Tier · model', 'Cache', 'First delta', 'Total', 'Tokens', 'Cost', 'Guards', 'Status']}
      >
        {rows.map((r) => (
          <tr key={r.requestId}>
            <td>{new Date(r.at).toLocaleString()}</td>
            <td>{r.site}</td>
            <td>{r.intent ?? '—'}</td>
            <td>
              {r.tier} · {r.model}
            </td>
            <td>{r.cached ? 'hit' : ''}</td>
            <td>{r.ttfdMs === null ? '—' : `${r.ttfdMs} ms`}</td>
            <td>{r.totalMs} ms</td>
            <td>
              {r.tokensIn}/{r.tokensOut}
            </td>
            <td>${r.costUsd.toFixed(5)}</td>
            <td>{r.guardActions.join(' ')}</td>
            <td class={r.status}>{r.errorCode ?? r.status}</td>
          </tr>
        ))}
      </ListTable>
      <h3>Admin changes</h3>
      <ListTable label="Admin changes" columns={['Time', 'Who', 'Action', 'Site', 'Target']}>
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{new Date(c.at).toLocaleString()}</td>
            <td>
              {c.actor} ({c.role})
            </td>
            <td>{c.action}</td>
            <td>{c.siteKey ?? ''}</td>
            <td>{c.target ?? ''}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
