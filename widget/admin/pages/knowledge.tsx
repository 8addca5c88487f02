/**
 * Knowledge: the site's articles, imported pages and files, which the assistant answers from. List, add, edit,
 * delete, import a page or sitemap of the site, upload a file, read a document's passages (flagged ones marked:
 * they never reach a model), search with scores, and see the questions the knowledge could not answer.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, session } from '../api';
import { ListTable } from '../list-table';

interface Doc {
  id: string;
  title: string;
  url?: string;
  locale: string;
  format: string;
  passages: number;
  flagged: number;
}
interface Passage {
  docId: string;
  heading: string;
  text: string;
  flags?: string[];
  score?: number;
}
const EMPTY = { id: '', title: '', url: '', locale: 'en', format: 'markdown', body: '' };

export function Knowledge(props: { site: string; canEdit: boolean }) {
  const base = `/admin/api/sites/${encodeURIComponent(props.site)}`;
  const [docs, setDocs] = useState<Doc[]>([]);
  const [form, setForm] = useState<typeof EMPTY | null>(null);
  const [passages, setPassages] = useState<{ title: string; list: Passage[] } | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Passage[] | null>(null);
  const [importUrl, setImportUrl] = useState('');
  const [sitemap, setSitemap] = useState(false);
  const [unanswered, setUnanswered] = useState<{ at: number; question: string }[]>([]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const load = async () => {
    const [list, open] = await Promise.all([
      api<{ documents: Doc[] }>(`${base}/knowledge`),
      api<{ questions: { at: number; question: string }[] }>(`${base}/knowledge-unanswered`),
    ]);
    setDocs(list.documents);
    setUnanswered(open.questions);
  };
  const run = (what: () => Promise<string>) => async (e?: Event) => {
    e?.preventDefault();
    setError('');
    try {
      setStatus(await what());
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : (err as Error).message);
    }
  };
  useEffect(() => {
    load().catch((err: Error) => setError(err.message));
  }, [props.site]);

  const save = run(async () => {
    if (!form) return '';
    const { url, ...rest } = form;
    await api(`${base}/knowledge/${form.id}`, { method: 'PUT', body: url ? { ...rest, url } : rest });
    setForm(null);
    return `Saved ${form.id}.`;
  });
  const edit = async (doc: Doc) => {
    const r = await api<{ passages: Passage[] }>(`${base}/knowledge-passages/${doc.id}`);
    const body = r.passages.map((p) => p.text).join('\n\n');
    setForm({ id: doc.id, title: doc.title, url: doc.url ?? '', locale: doc.locale, format: 'text', body });
  };
  const show = async (doc: Doc) => {
    const r = await api<{ passages: Passage[] }>(`${base}/knowledge-passages/${doc.id}`);
    setPassages({ title: doc.title, list: r.passages });
  };
  const upload = (file: File) =>
    run(async () => {
      const res = await fetch(`${base}/knowledge-upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.get() ?? ''}`, 'content-type': file.type || 'text/plain' },
        // The file as it is (a PDF is binary; text files are read by the server in UTF-8).
        body: file,
      });
      const data = (await res.json()) as { id?: string; error?: { code: string; message: string } };
      if (!res.ok) throw new ApiError(res.status, data.error?.code ?? 'internal', data.error?.message ?? `HTTP ${res.status}`);
      return `Uploaded ${data.id}.`;
    })();
  const search = run(async () => {
    const r = await api<{ passages: Passage[] }>(`${base}/knowledge-search?q=${encodeURIComponent(query)}`);
    setHits(r.passages);
    return `${r.passages.length} passages.`;
  });
  const field = (key: keyof typeof EMPTY, label: string, multiline = false) => {
    const onInput = (e: { currentTarget: { value: string } }) => form && setForm({ ...form, [key]: e.currentTarget.value });
    return (
      <p>
        <label for={`kn-${key}`}>{label}</label>
        {multiline ? (
          <textarea id={`kn-${key}`} rows={8} value={form?.[key]} onInput={onInput} />
        ) : (
          <input id={`kn-${key}`} value={form?.[key]} onInput={onInput} />
        )}
      </p>
    );
  };

  return (
    <section aria-labelledby="kn-h">
      <h2 id="kn-h">Knowledge</h2>
      {status && <p role="status">{status}</p>}
      {error && <p role="alert">{error}</p>}
      {props.canEdit && (
        <p>
          <button type="button" onClick={() => setForm({ ...EMPTY })}>
            New article
          </button>{' '}
          <label>
            Upload file
            <input
              type="file"
              accept=".md,.markdown,.txt,.html,.htm,.pdf"
              onChange={(e) => e.currentTarget.files?.[0] && upload(e.currentTarget.files[0])}
            />
          </label>
        </p>
      )}
      {form && (
        <form aria-label="Article" onSubmit={save}>
          {field('id', 'Document id')}
          {field('title', 'Title')}
          {field('url', 'URL')}
          {field('locale', 'Locale')}
          <label>
            Format
            <select value={form.format} onChange={(e) => setForm({ ...form, format: e.currentTarget.value })}>
              <option value="markdown">Markdown</option>
              <option value="text">Text</option>
              <option value="html">HTML</option>
            </select>
          </label>
          {field('body', 'Body', true)}
          <button type="submit">Save article</button>
        </form>
      )}
      <ListTable caption="Documents" columns={['Id', 'Title', 'Passages', 'Flagged', 'Actions']}>
        {docs.map((d) => (
          <tr key={d.id}>
            <td>{d.id}</td>
            <td>{d.url ? <a href={d.url}>{d.title}</a> : d.title}</td>
            <td>{d.passages}</td>
            <td>{d.flagged}</td>
            <td>
              <button type="button" class="secondary" onClick={() => show(d)} aria-label={`Passages of ${d.id}`}>
                Passages
              </button>
              {props.canEdit && (
                <>
                  <button type="button" class="secondary" onClick={() => edit(d)} aria-label={`Edit ${d.id}`}>
                    Edit
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    onClick={run(async () => (await api(`${base}/knowledge/${d.id}`, { method: 'DELETE' }), `Deleted ${d.id}.`))}
                    aria-label={`Delete ${d.id}`}
                  >
                    Delete
                  </button>
                </>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
      {passages && (
        <section aria-label={`Passages of ${passages.title}`}>
          <h3>Passages of {passages.title}</h3>
          <ol>
            {passages.list.map((p) => (
              <li key={`${p.heading}${p.text}`}>
                {p.heading && <strong>{p.heading}: </strong>}
                {p.text}
                {p.flags && p.flags.length > 0 && <em> (flagged: {p.flags.join(', ')}; never given to a model)</em>}
              </li>
            ))}
          </ol>
        </section>
      )}
      {props.canEdit && (
        <form
          aria-label="Import"
          onSubmit={run(async () => {
            const r = await api<{ ids: string[] }>(`${base}/knowledge-import`, { method: 'POST', body: { url: importUrl, sitemap } });
            return `Imported ${r.ids.length} page(s).`;
          })}
        >
          <label>
            Page or sitemap URL (the site's own origins)
            <input value={importUrl} onInput={(e) => setImportUrl(e.currentTarget.value)} />
          </label>
          <label>
            <input type="checkbox" checked={sitemap} onChange={(e) => setSitemap(e.currentTarget.checked)} /> Sitemap
          </label>
          <button type="submit">Import</button>
        </form>
      )}
      <form aria-label="Search" onSubmit={search}>
        <label>
          Question
          <input value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {hits && (
        <ListTable caption="Retrieved passages" columns={['Score', 'Document', 'Passage']}>
          {hits.map((p) => (
            <tr key={`${p.docId}${p.text}`}>
              <td>{p.score?.toFixed(2)}</td>
              <td>{p.docId}</td>
              <td>{p.text}</td>
            </tr>
          ))}
        </ListTable>
      )}
      <h3>Unanswered questions</h3>
      {unanswered.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul aria-label="Unanswered questions">
          {unanswered.map((q) => (
            <li key={q.at}>{q.question}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
