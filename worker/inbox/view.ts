/** The console's view of one conversation, assembled inside its object from the parts that keep each piece. */
import type { ConversationView } from '../../shared/inbox';
import type { HistoryItem } from '../../shared/protocol';
import type { Rating } from '../conversation/feedback';
import type { HandoffDesk } from '../conversation/handoff-desk';
import type { Notes } from '../conversation/notes';
import type { ConversationStore } from '../conversation/store';
import { type PiiVault, restorePlaceholders } from '../guards';
import { visitorContext } from './context';
import { readSummary } from './summary';

/** Transcript entries the view carries. */
export const VIEW_MESSAGES = 200;

export interface ViewParts {
  ids: { siteKey: string; conversationId: string };
  store: ConversationStore;
  desk: HandoffDesk;
  notes: Notes;
  feedback: Record<string, Rating>;
}

/** Everything but `canReveal`, which is the site's setting (the Worker reads it). */
export function conversationView(p: ViewParts): Omit<ConversationView, 'canReveal'> {
  const { store, desk } = p;
  const at = store.get('typing_at');
  return {
    ...p.ids,
    handoff: desk.active,
    state: desk.state,
    claimedBy: desk.claimedBy?.label ?? null,
    lastSeq: store.lastSeq,
    messages: store.history(VIEW_MESSAGES).map((m) => desk.entry(m)),
    notes: p.notes.list(),
    context: visitorContext(store),
    summary: readSummary(store),
    feedback: p.feedback,
    visitorTyping: at === null ? null : { active: store.get('typing') === '1', at: Number(at) },
  };
}

/**
 * A visitor message's text with its placeholders replaced by the values the visitor typed (from the
 * conversation's vault). Null when there is no such visitor message; replies are never revealed.
 */
export function revealMessage(history: HistoryItem[], vault: PiiVault, messageId: string): string | null {
  const m = history.find((h) => h.id === messageId && h.role === 'visitor');
  return m ? restorePlaceholders(m.text, vault) : null;
}
