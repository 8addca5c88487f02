/** Intents of a site's draft: list, create, edit; publish with a diff against the live version; history and rollback. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Issue } from '../api';
import { diffIntents } from '../diff';
import { ListTable } from '../list-table';
import { PublishRow } from '../publish';
import { emptyIntent, type IntentDoc, IntentForm } from './intent-form';

interface SiteDoc {
  draft: { intents: IntentDoc[] };
  liveVersion: number | null;
}
interface Version {
  version: number;
  createdAt: number;
  createdBy: string;
  note: string | null;
}

export function Intents(props: { site: string; canEdit: boolean }) {
  const { site, canEdit } = props;
  const [doc, setDoc] = useState<SiteDoc | null>(null);
  const [live, setLive] = useState<IntentDoc[]>([]);
  const [versions, setVersions] = useState<Version[]>([]);
  const [editing, setEditing] = useState<{ intent: IntentDoc; isNew: boolean } | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const base = `/admin/api/sites/${encodeURIComponent(site)}`;

  const load = async () => {
    // Everything is fetched before anything is shown, so the diff never compares against a live version not yet loaded.
    const d = await api<SiteDoc>(base);
    const [v, l] = await Promise.all([
      api<{ versions: Version[] }>(`${base}/versions`),
      d.liveVersion ? api<{ config: { intents: IntentDoc[] } }>(`${base}/versions/${d.liveVersion}`) : null,
    ]);
    setVersions(v.versions);
    setLive(l ? l.config.intents : []);
    setDoc(d);
  };
  useEffect(() => {
    load().catch((e: Error) => setStatus(e.message));
  }, [site]);

  const save = async (intent: IntentDoc) => {
    try {
      if (editing?.isNew) await api(`${base}/intents`, { method: 'POST', body: intent });
      else await api(`${base}/intents/${encodeURIComponent(intent.id)}`, { method: 'PUT', body: intent });
      setIssues([]);
      setEditing(null);
      setStatus(`Saved intent ${intent.id} to the draft.`);
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setIssues(e.issues);
      else setIssues([{ path: '', message: (e as Error).message }]);
    }
  };
  const publish = async () => {
    try {
      const r = await api<{ version: number }>(`${base}/publish`, { method: 'POST', body: note ? { note } : {} });
      setStatus(`Published version ${r.version}.`);
      setNote('');
      await load();
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  const rollback = async (version: number) => {
    try {
      await api(`${base}/rollback`, { method: 'POST', body: { version } });
      setStatus(`Rolled back to version ${version}.`);
      await load();
    } catch (e) {
      setStatus((e as Error).message);
    }
  };

  if (!doc) return <p role="status">{status || 'Loading…'}</p>;
  const diff = diffIntents(live, doc.draft.intents);
  return (
    <section aria-labelledby="intents-h">
      <header class="row">
        <h2 id="intents-h">Intents</h2>
        {canEdit && (
          <button
            type="button"
            onClick={() => {
              setIssues([]);
              setEditing({ intent: emptyIntent(), isNew: true });
            }}
          >
            New intent
          </button>
        )}
      </header>
      <p role="status" class="status">
        {status}
      </p>
      {editing && (
        <IntentForm
          key={editing.intent.id || 'new'}
          initial={editing.intent}
          isNew={editing.isNew}
          readOnly={!canEdit}
          issues={issues}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      )}
      <ListTable label="Intents in the draft" columns={['Id', 'Label', 'Tier', 'Examples', 'Answer', 'Handoff']} actions="blank">
        {doc.draft.intents.map((i) => (
          <tr key={i.id}>
            <td>{i.id}</td>
            <td>{i.label}</td>
            <td>{i.tier}</td>
            <td>{i.examples.length}</td>
            <td>{Object.keys(i.answer ?? {}).join(', ') || '—'}</td>
            <td>{i.handoff ? 'yes' : ''}</td>
            <td>
              <button
                type="button"
                class="link"
                aria-label={`${canEdit ? 'Edit' : 'View'} ${i.id}`}
                onClick={() => {
                  setIssues([]);
                  setEditing({ intent: i, isNew: false });
                }}
              >
                {canEdit ? 'Edit' : 'View'}
              </button>
            </td>
          </tr>
        ))}
      </ListTable>

      <h3>Publish</h3>
      <p>
        Live version: <strong>{doc.liveVersion ?? 'none'}</strong>.{' '}
        {diff.length === 0 ? 'The draft has no changes against it.' : `The draft differs in ${diff.length} intent(s):`}
      </p>
      {diff.length > 0 && (
        <ul class="diff" aria-label="Changes against the live version">
          {diff.map((d) => (
            <li key={d.id} class={d.kind}>
              <strong>
                {d.kind === 'added' ? '+ ' : d.kind === 'removed' ? '− ' : '~ '}
                {d.id}
              </strong>{' '}
              {d.kind}
              {d.fields.length > 0 && `: ${d.fields.join(', ')}`}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <PublishRow id="pub-note" label="Publish draft" note={note} onNote={setNote} onPublish={publish} disabled={diff.length === 0} />
      )}

      <h3>Version history</h3>
      <ListTable label="Versions" columns={['Version', 'Published', 'By', 'Note']} actions="blank">
        {versions.map((v) => (
          <tr key={v.version}>
            <td>
              v{v.version}
              {v.version === doc.liveVersion ? ' (live)' : ''}
            </td>
            <td>{new Date(v.createdAt).toLocaleString()}</td>
            <td>{v.createdBy}</td>
            <td>{v.note ?? ''}</td>
            <td>
              {canEdit && v.version !== doc.liveVersion && (
                <button type="button" class="link" onClick={() => rollback(v.version)}>
                  Roll back to v{v.version}
                </button>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
