/** The Parley support console: sign in with an admin token, then the pages the token's role allows. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, can, type Me, session } from './api';
import { Actions } from './pages/actions';
import { ApiKeys } from './pages/api-keys';
import { AuditLog } from './pages/audit';
import { Conversations } from './pages/conversations';
import { Dashboard } from './pages/dashboard';
import { Intents } from './pages/intents';
import { Knowledge } from './pages/knowledge';
import { Privacy } from './pages/privacy';
import { Settings } from './pages/settings';
import { Sites } from './pages/sites';
import { Tokens } from './pages/tokens';
import { TryIt } from './pages/try-it';
import './styles.css';
import './forms.css';

type Page =
  | 'dashboard'
  | 'sites'
  | 'settings'
  | 'intents'
  | 'knowledge'
  | 'actions'
  | 'try'
  | 'conversations'
  | 'audit'
  | 'tokens'
  | 'api-keys'
  | 'privacy';
/** A page of a site's figures, config or content: every role but agents reads it. */
const sitePage = (id: Page, label: string) => ({ id, label, allowed: (m: Me) => can.read(m.role) });
/** Pages by role: a page a role may not use is not in its console at all. */
const PAGES: { id: Page; label: string; allowed: (m: Me) => boolean }[] = [
  sitePage('dashboard', 'Dashboard'),
  sitePage('sites', 'Sites'),
  sitePage('settings', 'Settings'),
  sitePage('intents', 'Intents'),
  sitePage('knowledge', 'Knowledge'),
  sitePage('actions', 'Actions'),
  { id: 'try', label: 'Try it', allowed: (m) => can.edit(m.role) },
  { id: 'conversations', label: 'Conversations', allowed: (m) => can.handoff(m.role) },
  { id: 'audit', label: 'Audit log', allowed: (m) => can.audit(m.role) },
  { id: 'tokens', label: 'Tokens', allowed: (m) => can.admin(m.role) },
  { id: 'api-keys', label: 'API keys', allowed: (m) => can.admin(m.role) },
  { id: 'privacy', label: 'Privacy', allowed: (m) => can.admin(m.role) },
];

const pageFromHash = (): Page => {
  const h = location.hash.replace(/^#\/?/, '') as Page;
  return PAGES.some((p) => p.id === h) ? h : 'dashboard';
};

function SignIn(props: { onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const me = await api<Me>('/admin/api/me', { token: token.trim() });
      session.set(token.trim());
      props.onSignedIn(me);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <main class="signin">
      <h1>Parley console</h1>
      <form onSubmit={submit}>
        <label for="token">Admin token</label>
        <input id="token" type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" disabled={!token.trim()}>
          Sign in
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(Boolean(session.get()));
  const [page, setPage] = useState<Page>(pageFromHash());
  const [site, setSite] = useState('demo');
  const [sites, setSites] = useState<string[]>(['demo']);
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    if (session.get()) {
      api<Me>('/admin/api/me')
        .then(setMe)
        .catch(() => session.clear())
        .finally(() => setChecking(false));
    }
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const loadSites = (select?: string) =>
    api<{ sites: { key: string }[] }>('/admin/api/sites')
      .then((r) => {
        // A token limited to some sites sees only those; `sites` absent or null means every site.
        const mine = r.sites.map((s) => s.key).filter((k) => !me?.sites || me.sites.includes(k));
        setSites(mine);
        setSite((cur) => select ?? (mine.includes(cur) ? cur : (mine[0] ?? cur)));
      })
      .catch(() => {});
  useEffect(() => {
    if (me && can.read(me.role)) loadSites();
  }, [me]);
  if (checking) return <p role="status">Signing in…</p>;
  if (!me) return <SignIn onSignedIn={setMe} />;
  const allowed = PAGES.filter((p) => p.allowed(me));
  const current = allowed.some((p) => p.id === page) ? page : (allowed[0]?.id ?? 'conversations');
  return (
    <>
      <header class="top">
        <strong>Parley console</strong>
        <nav aria-label="Console">
          {allowed.map((p) => (
            <a key={p.id} href={`#/${p.id}`} aria-current={current === p.id ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        {can.read(me.role) && (
          <>
            <label for="site-select">Site</label>
            <select id="site-select" value={site} onChange={(e) => setSite(e.currentTarget.value)}>
              {sites.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </>
        )}
        <span class="who">
          {me.id} · <span data-testid="role">{me.role}</span>
        </span>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            session.clear();
            setMe(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        {current === 'dashboard' && <Dashboard site={site} />}
        {current === 'sites' && <Sites sites={sites} canCreate={can.admin(me.role)} onCreated={(key) => loadSites(key)} />}
        {current === 'settings' && <Settings site={site} canEdit={can.edit(me.role)} isAdmin={can.admin(me.role)} />}
        {current === 'intents' && <Intents site={site} canEdit={can.edit(me.role)} />}
        {current === 'knowledge' && <Knowledge site={site} canEdit={can.edit(me.role)} />}
        {current === 'actions' && <Actions site={site} canEdit={can.edit(me.role)} />}
        {current === 'try' && <TryIt site={site} />}
        {current === 'conversations' && <Conversations />}
        {current === 'audit' && <AuditLog site={site} />}
        {current === 'tokens' && <Tokens sites={sites} />}
        {current === 'api-keys' && <ApiKeys site={site} />}
        {current === 'privacy' && <Privacy site={site} />}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
