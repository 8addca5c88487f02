/**
 * Server API keys of a site, for the OpenAI-compatible endpoint: issue (the key is shown once), list,
 * revoke. The list needs `GET /admin/api/sites/:siteKey/api-keys`; without it, only keys issued here show.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ListTable } from '../list-table';
import { SecretOnce } from '../secret-once';

interface KeyRow {
  id: string;
  prefix: string;
  name: string | null;
  createdAt: number;
  revokedAt?: number | null;
}

export function ApiKeys(props: { site: string }) {
  const { site } = props;
  const base = `/admin/api/sites/${encodeURIComponent(site)}/api-keys`;
  const [rows, setRows] = useState<KeyRow[]>([]);
  const [listed, setListed] = useState(true);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<{ id: string; key: string } | null>(null);
  const [status, setStatus] = useState('');
  const load = async () => {
    try {
      const r = await api<{ keys: KeyRow[] } | KeyRow[]>(base);
      setRows(Array.isArray(r) ? r : r.keys);
      setListed(true);
    } catch {
      setListed(false);
    }
  };
  useEffect(() => {
    setSecret(null);
    setRows([]);
    load();
  }, [site]);
  const issue = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await api<KeyRow & { key: string }>(base, { method: 'POST', body: name.trim() ? { name: name.trim() } : {} });
      setSecret({ id: r.id, key: r.key });
      setName('');
      setStatus(`Issued key ${r.id} for ${site}.`);
      if (listed) await load();
      else setRows((rs) => [...rs, { id: r.id, prefix: r.prefix, name: r.name, createdAt: r.createdAt }]);
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  const revoke = async (id: string) => {
    try {
      await api(`/admin/api/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setStatus(`Revoked key ${id}.`);
      if (listed) await load();
      else setRows((rs) => rs.map((k) => (k.id === id ? { ...k, revokedAt: Date.now() } : k)));
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">API keys · {site}</h2>
      <p>Keys for servers calling POST /v1/chat/completions as this site. Never put one in a web page.</p>
      <form class="row" onSubmit={issue}>
        <label for="key-name">Key name</label>
        <input id="key-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit">Issue API key</button>
      </form>
      {secret && <SecretOnce label="New API key" noun="Key" id={secret.id} secret={secret.key} />}
      <p role="status" class="status">
        {status}
      </p>
      {!listed && <p class="hint">This server cannot list keys yet; keys issued in this session are shown.</p>}
      <ListTable label="API keys" columns={['Id', 'Prefix', 'Name', 'Created']} actions="hidden">
        {rows.map((k) => (
          <tr key={k.id}>
            <td>{k.id}</td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>{k.name ?? ''}</td>
            <td>{new Date(k.createdAt).toLocaleString()}</td>
            <td>
              {k.revokedAt ? (
                'revoked'
              ) : (
                <button type="button" class="link" onClick={() => revoke(k.id)}>
                  Revoke {k.id}
                </button>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
