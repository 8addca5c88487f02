/** The inbox page's state and how each socket frame changes it: pure functions, so the page only wires them. */
import type { ConversationView, InboxFrame, WaitingRow } from '../../../../shared/inbox';

/** A waiting conversation as the list shows it. */
export interface Row extends WaitingRow {
  /** Visitor messages that arrived since the agent last had it open. */
  unread: number;
  visitorTyping: boolean;
}

export interface InboxState {
  rows: Row[];
  /** `site:conversationId` of the conversation open, if any. */
  open: string | null;
  view: ConversationView | null;
  /** Agents typing in the open conversation, by name. */
  agentsTyping: string[];
}

export const EMPTY: InboxState = { rows: [], open: null, view: null, agentsTyping: [] };

export const keyOf = (r: { siteKey: string; conversationId: string }) => `${r.siteKey}:${r.conversationId}`;

/** Oldest waiting first. */
const sorted = (rows: Row[]) => [...rows].sort((a, b) => a.since - b.since);

/** The list from the API, keeping what the socket taught us (unread counts, typing). */
export function withList(s: InboxState, list: WaitingRow[]): InboxState {
  const known = new Map(s.rows.map((r) => [keyOf(r), r]));
  const rows = list.map((w) => {
    const k = known.get(keyOf(w));
    return { ...w, unread: k?.unread ?? 0, visitorTyping: k?.visitorTyping ?? false };
  });
  return { ...s, rows: sorted(rows) };
}

function patchRow(rows: Row[], key: string, patch: (r: Row) => Row): Row[] {
  return rows.map((r) => (keyOf(r) === key ? patch(r) : r));
}

/** Apply one socket frame. */
export function reduce(s: InboxState, f: InboxFrame): InboxState {
  if (f.type === 'ready' || f.type === 'pong') return s;
  const key = keyOf(f);
  const isOpen = s.open === key;
  const present = s.rows.some((r) => keyOf(r) === key);
  switch (f.type) {
    case 'handoff': {
      if (present) return s;
      const row: Row = {
        siteKey: f.siteKey,
        conversationId: f.conversationId,
        reason: f.reason,
        since: f.at,
        claimedBy: null,
        unread: 0,
        visitorTyping: false,
      };
      return { ...s, rows: sorted([...s.rows, row]) };
    }
    case 'message': {
      const m = f.message;
      const view =
        isOpen && s.view && !s.view.messages.some((x) => x.id === m.id) ? { ...s.view, messages: [...s.view.messages, m] } : s.view;
      const counts = m.role === 'visitor' && !isOpen;
      const rows = patchRow(s.rows, key, (r) => ({
        ...r,
        unread: r.unread + (counts ? 1 : 0),
        visitorTyping: m.role === 'visitor' ? false : r.visitorTyping,
      }));
      if (!present && m.role === 'visitor') {
        rows.push({
          siteKey: f.siteKey,
          conversationId: f.conversationId,
          reason: 'visitor_request',
          since: m.at,
          claimedBy: null,
          unread: counts ? 1 : 0,
          visitorTyping: false,
        });
      }
      return { ...s, view, rows: sorted(rows) };
    }
    case 'typing': {
      if (f.who === 'visitor') return { ...s, rows: patchRow(s.rows, key, (r) => ({ ...r, visitorTyping: f.active })) };
      if (!isOpen || !f.name) return s;
      const others = s.agentsTyping.filter((n) => n !== f.name);
      return { ...s, agentsTyping: f.active ? [...others, f.name] : others };
    }
    case 'state': {
      const gone = f.state === 'closed' || f.state === 'bot';
      const rows = gone
        ? s.rows.filter((r) => keyOf(r) !== key)
        : patchRow(s.rows, key, (r) => ({ ...r, claimedBy: f.state === 'claimed' ? (f.by ?? null) : null }));
      const view =
        isOpen && s.view
          ? {
              ...s.view,
              state: f.state === 'released' ? ('waiting' as const) : f.state,
              handoff: !gone,
              claimedBy: f.state === 'claimed' ? (f.by ?? null) : null,
            }
          : s.view;
      return { ...s, rows, view };
    }
    case 'note': {
      if (!isOpen || !s.view || s.view.notes.some((n) => n.id === f.note.id)) return s;
      return { ...s, view: { ...s.view, notes: [...s.view.notes, f.note] } };
    }
  }
}

/** Entries of both lists, each once, in time order (a view fetched earlier may miss what the socket brought since). */
function union<T extends { id: string; at: number }>(a: T[], b: T[]): T[] {
  const seen = new Set(a.map((x) => x.id));
  return [...a, ...b.filter((x) => !seen.has(x.id))].sort((x, y) => x.at - y.at);
}

/** Open (or refresh) a conversation: its view, its unread count back to zero. */
export function opened(s: InboxState, key: string, view: ConversationView): InboxState {
  const same = s.open === key && s.view !== null;
  const merged =
    same && s.view ? { ...view, messages: union(view.messages, s.view.messages), notes: union(view.notes, s.view.notes) } : view;
  return {
    ...s,
    open: key,
    view: merged,
    agentsTyping: same ? s.agentsTyping : [],
    rows: patchRow(s.rows, key, (r) => ({ ...r, unread: 0 })),
  };
}

/** The unread visitor messages over every waiting conversation (the title badge). */
export const totalUnread = (s: InboxState) => s.rows.reduce((n, r) => n + r.unread, 0);

/** The document title with its badge: `(3) Parley console`. */
export const titleFor = (unread: number, base = 'Parley console') => (unread > 0 ? `(${unread}) ${base}` : base);
