/**
 * Admin tokens: issue one with a role, a label and (optionally) the sites it is limited to; revoke.
 * The secret is shown once, right after issuing. A server that knows no per-site tokens ignores `sites`.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, issuesByPath, ROLES, type Role } from '../api';
import { SelectField, TextField } from '../fields';
import { ListTable } from '../list-table';
import { SecretOnce } from '../secret-once';

interface TokenRow {
  id: string;
  role: Role;
  label: string;
  sites?: string[] | null;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

const ROLE_HELP: Record<Role, string> = {
  admin: 'admin: everything',
  editor: 'editor: intents, knowledge and site settings',
  agent: 'agent: conversations only',
  auditor: 'auditor: read metrics and the audit log',
};

export function Tokens(props: { sites: string[] }) {
  const [rows, setRows] = useState<TokenRow[]>([]);
  const [role, setRole] = useState<Role>('editor');
  const [label, setLabel] = useState('');
  const [limited, setLimited] = useState<string[]>([]);
  const [issued, setIssued] = useState<{ id: string; token: string } | null>(null);
  const [issues, setIssues] = useState(new Map<string, string[]>());
  const [status, setStatus] = useState('');
  const load = () =>
    api<{ tokens: TokenRow[] }>('/admin/api/tokens')
      .then((r) => setRows(r.tokens))
      .catch((e: Error) => setStatus(e.message));
  useEffect(() => {
    load();
  }, []);

  const issue = async (e: Event) => {
    e.preventDefault();
    try {
      const body = { role, label: label.trim(), ...(limited.length ? { sites: limited } : {}) };
      const r = await api<{ id: string; token: string }>('/admin/api/tokens', { method: 'POST', body });
      setIssued(r);
      setIssues(new Map());
      setLabel('');
      setStatus(`Issued token ${r.id}.`);
      await load();
    } catch (err) {
      if (err instanceof ApiError) setIssues(issuesByPath(err.issues));
      setStatus((err as Error).message);
    }
  };
  const revoke = async (id: string) => {
    try {
      await api(`/admin/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setStatus(`Revoked token ${id}.`);
      await load();
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">Admin tokens</h2>
      <form class="card" aria-label="Issue a token" onSubmit={issue}>
        <SelectField
          label="Role"
          path="role"
          issues={issues}
          readOnly={false}
          value={role}
          options={ROLES.map((r) => ({ value: r, label: ROLE_HELP[r] }))}
          onChange={(v) => setRole(v as Role)}
        />
        <TextField label="Label" path="label" issues={issues} readOnly={false} value={label} onChange={setLabel} />
        <fieldset>
          <legend>Limit to sites (none ticked: every site)</legend>
          {props.sites.map((s) => (
            <label key={s} class="inline">
              <input
                type="checkbox"
                checked={limited.includes(s)}
                onChange={(e) => setLimited(e.currentTarget.checked ? [...limited, s] : limited.filter((x) => x !== s))}
              />{' '}
              {s}
            </label>
          ))}
          {(issues.get('sites') ?? []).map((m) => (
            <p class="field-error" key={m}>
              {m}
            </p>
          ))}
        </fieldset>
        <button type="submit" disabled={!label.trim()}>
          Issue token
        </button>
      </form>
      {issued && <SecretOnce label="New token" noun="Token" id={issued.id} secret={issued.token} onDismiss={() => setIssued(null)} />}
      <p role="status" class="status">
        {status}
      </p>
      <ListTable label="Tokens" columns={['Id', 'Role', 'Label', 'Sites', 'Created']} actions="hidden">
        {rows.map((t) => (
          <tr key={t.id}>
            <td>{t.id}</td>
            <td>{t.role}</td>
            <td>{t.label}</td>
            <td>{t.sites?.join(', ') || 'all'}</td>
            <td>{new Date(t.createdAt).toLocaleString()}</td>
            <td>
              {t.revokedAt ? (
                `revoked ${new Date(t.revokedAt).toLocaleString()}`
              ) : (
                <button type="button" class="link" onClick={() => revoke(t.id)}>
                  Revoke {t.label}
                </button>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
