/**
 * A site's settings, every part of `SiteConfig` but intents (their own page): edited as a draft, each field checked on
 * every change by the same zod schema the Worker parses with (`shared/config.ts`), its issues shown beside
 * it; saved to the draft, then published with a readable diff against the live version.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, type Issue, issuesByPath } from '../../api';
import { diffSettings, setIn } from '../../config-diff';
import { ChangeList, PublishRow } from '../../publish';
import { issuesOf, useSchemas } from '../../schemas';
import { AssistantSection } from './assistant';
import { FaqSection } from './faq';
import { GeneralSection } from './general';
import { GuardsSection } from './guards';
import { HoursSection } from './hours';
import { LimitsSection } from './limits';
import { ModelsSection, type ProviderInfo } from './models';
import { OpsSection } from './ops';
import type { Draft, SectionProps } from './types';

const LABELS = {
  general: 'General and look',
  models: 'Models and prices',
  guards: 'Guards',
  assistant: 'Assistant',
  hours: 'Hours and handoff',
  limits: 'Cache and limits',
  faq: 'FAQ',
  ops: 'Retention and alerts',
};
type SectionId = keyof typeof LABELS;
const SECTIONS = Object.entries(LABELS).map(([id, label]) => ({ id: id as SectionId, label }));

interface SiteDoc {
  draft: Draft;
  liveVersion: number | null;
}

export function Settings(props: { site: string; canEdit: boolean; isAdmin: boolean }) {
  const { site, canEdit, isAdmin } = props;
  const base = `/admin/api/sites/${encodeURIComponent(site)}`;
  const [doc, setDoc] = useState<SiteDoc | null>(null);
  const [live, setLive] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  const [section, setSection] = useState<SectionId>('general');
  const [serverIssues, setServerIssues] = useState<Issue[]>([]);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');

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
    api<ProviderInfo[]>('/admin/api/providers')
      .then(setProviders)
      .catch(() => setProviders([]));
  }, [site]);

  const schemas = useSchemas();
  const clientIssues = useMemo(() => (schemas ? issuesOf(schemas.SiteConfig.safeParse(draft)) : []), [draft, schemas]);
  const issues = issuesByPath([...clientIssues, ...serverIssues]);
  const saved = doc ? diffSettings(doc.draft, draft, ['intents', 'version']) : [];
  const changes = diffSettings(live, draft, ['intents', 'version']);

  const set = (path: (string | number)[], value: unknown) => {
    setServerIssues([]);
    setDraft((d) => setIn(d, path, value));
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
  const publish = async () => {
    if (saved.length && !(await save())) return;
    try {
      const r = await api<{ version: number }>(`${base}/publish`, { method: 'POST', body: note ? { note } : {} });
      setNote('');
      await load();
      setStatus(`Published version ${r.version}.`);
    } catch (e) {
      setStatus((e as Error).message);
    }
  };

  /** Arrow keys move between tabs (the ARIA tabs pattern); Tab leaves the tab list. */
  const moveTab = (e: KeyboardEvent, from: SectionId) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const i = SECTIONS.findIndex((x) => x.id === from);
    const next = SECTIONS[(i + step + SECTIONS.length) % SECTIONS.length];
    if (!next) return;
    setSection(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  if (!doc || !schemas) return <p role="status">{status || 'Loading…'}</p>;
  const readOnly = !canEdit;
  const sectionProps: SectionProps = { draft, set, issues, readOnly, schemas };
  return (
    <section aria-labelledby="settings-h" class="settings">
      <header class="row">
        <h2 id="settings-h">Settings · {site}</h2>
        {readOnly && <span class="badge-ro">Read only</span>}
      </header>
      <div class="tabs" role="tablist" aria-label="Settings sections">
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`tab-${s.id}`}
            aria-selected={section === s.id}
            aria-controls="settings-panel"
            tabIndex={section === s.id ? 0 : -1}
            onClick={() => setSection(s.id)}
            onKeyDown={(e) => moveTab(e, s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={`tab-${section}`}>
        {section === 'general' && <GeneralSection {...sectionProps} />}
        {section === 'models' && <ModelsSection {...sectionProps} providers={providers} />}
        {section === 'assistant' && <AssistantSection {...sectionProps} />}
        {section === 'hours' && <HoursSection {...sectionProps} />}
        {section === 'guards' && <GuardsSection {...sectionProps} />}
        {section === 'limits' && <LimitsSection {...sectionProps} site={site} />}
        {section === 'faq' && <FaqSection {...sectionProps} />}
        {section === 'ops' && <OpsSection site={site} readOnly={!isAdmin} schemas={schemas} />}
      </div>
      <p role="status" class="status">
        {status}
      </p>
      {section !== 'ops' && (
        <div class="publish">
          {clientIssues.length > 0 && (
            <p class="field-error">
              {clientIssues.length} field(s) need fixing: {clientIssues.map((i) => i.path || '(root)').join(', ')}
            </p>
          )}
          {canEdit && (
            <button type="button" onClick={save} disabled={saved.length === 0}>
              Save draft
            </button>
          )}
          <h3>Publish</h3>
          <p>
            Live version: <strong>{doc.liveVersion ?? 'none'}</strong>.{' '}
            {changes.length === 0 ? 'These settings have no changes against it.' : `${changes.length} setting(s) differ from it:`}
          </p>
          <ChangeList label="Settings changes against the live version" changes={changes} />
          {canEdit && (
            <PublishRow
              id="settings-note"
              label="Publish settings"
              note={note}
              onNote={setNote}
              onPublish={publish}
              disabled={(changes.length === 0 && doc.liveVersion !== null) || clientIssues.length > 0}
            />
          )}
        </div>
      )}
    </section>
  );
}
