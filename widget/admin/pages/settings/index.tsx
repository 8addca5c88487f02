/**
 * A site's settings, every part of `SiteConfig` but intents (their own page): edited as a draft, each field checked on
 * every change by the same zod schema the Worker parses with (`shared/config.ts`), its issues shown beside
 * it; saved to the draft, then published with a readable diff against the live version.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { DraftPublish, useSiteDraft } from '../../site-draft';
import { AssistantSection } from './assistant';
import { FaqSection } from './faq';
import { GeneralSection } from './general';
import { GuardsSection } from './guards';
import { HoursSection } from './hours';
import { LimitsSection } from './limits';
import { ModelsSection, type ProviderInfo } from './models';
import { OpsSection } from './ops';
import type { SectionProps } from './types';

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

export function Settings(props: { site: string; canEdit: boolean; isAdmin: boolean }) {
  const { site, canEdit, isAdmin } = props;
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  const [section, setSection] = useState<SectionId>('general');
  // Intents and actions have their own pages; `version` is the server's.
  const state = useSiteDraft(site, { skip: ['intents', 'actions', 'version'] }, !canEdit);
  const { doc, schemas, status } = state;
  useEffect(() => {
    api<ProviderInfo[]>('/admin/api/providers')
      .then(setProviders)
      .catch(() => setProviders([]));
  }, [site]);

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
  const sectionProps: SectionProps = { ...state.form, schemas };
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
      {section !== 'ops' && <DraftPublish state={state} canEdit={canEdit} what="settings" noteId="settings-note" />}
    </section>
  );
}
