/**
 * A site's draft config as a form: loaded with its live version, checked on every change by the Worker's own
 * `SiteConfig` schema, saved (`PUT`) and published with a readable diff. The settings and actions pages each
 * edit a part of it (`keys`), and their diffs show only that part; publishing publishes the whole draft.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, type Issue, issuesByPath } from './api';
import { diffSettings, type SettingChange, setIn } from './config-diff';
import type { Draft, FormBinding } from './field-list';
import { ChangeList, PublishRow } from './publish';
import { issuesOf, type Schemas, useSchemas } from './schemas';

interface SiteDoc {
  draft: Draft;
  liveVersion: number | null;
}

/** Which top-level keys a page shows in its diffs: `only` these, or all but `skip`. */
export interface DraftKeys {
  only?: string[];
  skip?: string[];
}

export interface SiteDraft {
  /** Null while loading. */
  doc: SiteDoc | null;
  schemas: Schemas | null;
  form: FormBinding;
  clientIssues: Issue[];
  /** Edits not yet saved to the draft, and differences from the live version, within `keys`. */
  unsaved: SettingChange[];
  changes: SettingChange[];
  status: string;
  setStatus: (s: string) => void;
  save: () => Promise<boolean>;
  publish: (note: string) => Promise<void>;
}

export function useSiteDraft(site: string, keys: DraftKeys, readOnly: boolean): SiteDraft {
  const base = `/admin/api/sites/${encodeURIComponent(site)}`;
  const [doc, setDoc] = useState<SiteDoc | null>(null);
  const [live, setLive] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [serverIssues, setServerIssues] = useState<Issue[]>([]);
  const [status, setStatus] = useState('');
  const load = async () => {
    const d = await api<SiteDoc>(base);
    const l = d.liveVersion ? await api<{ config: Draft }>(`${base}/versions/${d.liveVersion}`) : null;
    setLive(l ? l.config : null);
    setDraft(d.draft);
    setDoc(d);
  };
  useEffect(() => {
    setDoc(null);
    load().catch((e: Error) => setStatus(e.message));
  }, [site]);

  const schemas = useSchemas();
  const clientIssues = useMemo(() => (schemas ? issuesOf(schemas.SiteConfig.safeParse(draft)) : []), [draft, schemas]);
  const part = (d: Draft | null) => (d && keys.only ? Object.fromEntries(keys.only.map((k) => [k, d[k]])) : d);
  const unsaved = doc ? diffSettings(part(doc.draft), part(draft) ?? {}, keys.skip) : [];
  const changes = diffSettings(part(live), part(draft) ?? {}, keys.skip);
  const form: FormBinding = {
    draft,
    issues: issuesByPath([...clientIssues, ...serverIssues]),
    readOnly,
    set: (path, value) => {
      setServerIssues([]);
      setDraft((d) => setIn(d, path, value));
    },
  };
  const save = async (): Promise<boolean> => {
    if (clientIssues.length) {
      setStatus(`Not saved: ${clientIssues.length} field(s) need fixing.`);
      return false;
    }
    try {
      await api(base, { method: 'PUT', body: draft });
      setStatus('Saved to the draft.');
      await load();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setServerIssues(e.issues);
      setStatus((e as Error).message);
      return false;
    }
  };
  const publish = async (note: string) => {
    if (unsaved.length && !(await save())) return;
    try {
      const r = await api<{ version: number }>(`${base}/publish`, { method: 'POST', body: note ? { note } : {} });
      await load();
      setStatus(`Published version ${r.version}.`);
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  return { doc, schemas, form, clientIssues, unsaved, changes, status, setStatus, save, publish };
}

/** The draft's issues, the save button, and the publish block with the diff against the live version. */
export function DraftPublish(props: { state: SiteDraft; canEdit: boolean; what: string; noteId: string }) {
  const { state, canEdit, what } = props;
  const { clientIssues, unsaved, changes } = state;
  const [note, setNote] = useState('');
  const liveVersion = state.doc?.liveVersion ?? null;
  const title = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    <div class="publish">
      {clientIssues.length > 0 && (
        <p class="field-error">
          {clientIssues.length} field(s) need fixing: {clientIssues.map((i) => i.path || '(root)').join(', ')}
        </p>
      )}
      {canEdit && (
        <button type="button" onClick={state.save} disabled={unsaved.length === 0}>
          Save draft
        </button>
      )}
      <h3>Publish</h3>
      <p>
        Live version: <strong>{liveVersion ?? 'none'}</strong>.{' '}
        {changes.length === 0 ? `These ${what} have no changes against it.` : `${changes.length} setting(s) differ from it:`}
      </p>
      <ChangeList label={`${title} changes against the live version`} changes={changes} />
      {canEdit && (
        <PublishRow
          id={props.noteId}
          label={`Publish ${what}`}
          note={note}
          onNote={setNote}
          onPublish={() => state.publish(note).then(() => setNote(''))}
          disabled={(changes.length === 0 && liveVersion !== null) || clientIssues.length > 0}
        />
      )}
    </div>
  );
}
