/** The Parley support console: sign in with an admin token, then the pages the token's role allows. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, can, type Me, session } from './api';
import { AuditLog } from './pages/audit';
import { Conversations } from './pages/conversations';
import { Dashboard } from './pages/dashboard';
import { Intents } from './pages/intents';
import { Knowledge } from './pages/knowledge';
import { TryIt } from './pages/try-it';
import './styles.css';

type Page = 'dashboard' | 'intents' | 'knowledge' | 'try' | 'conversations' | 'audit';
const PAGES: { id: Page; label: string; allowed: (m: Me) => boolean }[] = [
  { id: 'dashboard', label: 'Dashboard', allowed: () => true },
  { id: 'intents', label: 'Intents', allowed: () => true },
  { id: 'knowledge', label: 'Knowledge', allowed: () => true },
  { id: 'try', label: 'Try it', allowed: () => true },
  { id: 'conversations', label: 'Conversations', allowed: (m) => can.handoff(m.role) },
  { id: 'audit', label: 'Audit log', allowed: (m) => can.audit(m.role) },
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
  useEffect(() => {
    if (me)
      api<{ sites: { key: string }[] }>('/admin/api/sites')
        .then((r) => setSites(r.sites.map((s) => s.key)))
        .catch(() => {});
  }, [me]);
  if (checking) return <p role="status">Signing in…</p>;
  if (!me) return <SignIn onSignedIn={setMe} />;
  const allowed = PAGES.filter((p) => p.allowed(me));
  const current = allowed.some((p) => p.id === page) ? page : 'dashboard';
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
        <label for="site-select">Site</label>
        <select id="site-select" value={site} onChange={(e) => setSite(e.currentTarget.value)}>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
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
        {current === 'intents' && <Intents site={site} canEdit={can.edit(me.role)} />}
        {current === 'knowledge' && <Knowledge site={site} canEdit={can.edit(me.role)} />}
        {current === 'try' && <TryIt site={site} />}
        {current === 'conversations' && <Conversations />}
        {current === 'audit' && <AuditLog site={site} />}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
