/**
 * The agent's summary at handoff, stored in the conversation: the site's model's brief when it has one
 * (summary-model.ts), else the recent masked messages and the intents routed so far. The transcript is
 * masked, so nothing here holds a visitor's raw personal data.
 */
import type { HandoffSummary } from '../../shared/inbox';
import type { HistoryItem } from '../../shared/protocol';
import type { ConversationStore } from '../conversation/store';
import type { ProviderEnv } from '../providers/registry';
import type { QuotaPorts } from '../quota';
import { loadLiveSite } from '../storage/live-site';
import { routedIntents } from './context';
import { modelSummary } from './summary-model';

const KEY = 'handoff_summary';
/** Messages the summary quotes. */
export const SUMMARY_MESSAGES = 6;
const QUOTE_CHARS = 200;

const who = (m: HistoryItem) => (m.role === 'visitor' ? 'Visitor' : m.role === 'agent' ? 'Agent' : 'Assistant');

/** The summary made of the recent messages and the routed intents. */
export function recentSummary(history: HistoryItem[], intents: string[], at: number): HandoffSummary {
  const lines = history
    .filter((m) => m.text.length > 0)
    .slice(-SUMMARY_MESSAGES)
    .map((m) => `${who(m)}: ${m.text.length > QUOTE_CHARS ? `${m.text.slice(0, QUOTE_CHARS)}…` : m.text}`);
  const head = intents.length > 0 ? `Intents: ${intents.join(', ')}` : 'Intents: none routed';
  return { kind: 'recent', text: [head, ...lines].join('\n'), at };
}

/** Make and store the summary of the conversation so far (called at handoff). */
export async function summarizeHandoff(
  env: ProviderEnv & QuotaPorts & { DB: D1Database },
  store: ConversationStore,
  siteKey: string,
  useModel: boolean,
): Promise<void> {
  const history = store.history(40);
  const intents = routedIntents(store);
  const at = Date.now();
  const site = useModel ? (await loadLiveSite(env.DB, siteKey).catch(() => null))?.site : undefined;
  const brief = site ? await modelSummary(env, site, history, intents) : null;
  saveSummary(store, brief ? { kind: 'model', text: brief, at } : recentSummary(history, intents, at));
}

export function saveSummary(store: ConversationStore, summary: HandoffSummary): void {
  store.set(KEY, JSON.stringify(summary));
}

export function readSummary(store: ConversationStore): HandoffSummary | null {
  const raw = store.get(KEY);
  return raw ? (JSON.parse(raw) as HandoffSummary) : null;
}
