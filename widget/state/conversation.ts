/**
 * The conversation as the widget keeps it: a list of messages that only grow, merged by id so two
 * tabs, the server's history and this tab's stream can all write without losing each other's work.
 * Pure: no DOM, no storage (see store.ts).
 */
export type Role = 'visitor' | 'assistant' | 'agent';
export type Status = 'queued' | 'sending' | 'streaming' | 'done' | 'stopped' | 'failed';

export interface Msg {
  id: string;
  role: Role;
  text: string;
  at: number;
  status: Status;
  /** Bumped on retry, so a reset (text emptied) wins the merge over the older, longer copy. */
  v?: number;
  rating?: 'up' | 'down';
  /** Error code of a failed reply. */
  code?: string;
  retryable?: boolean;
  /** Agent's display name. */
  name?: string;
}

export interface Conv {
  cid: string;
  vid: string;
  msgs: Msg[];
  /** Highest server seq applied (WebSocket resume). */
  seq: number;
  handoff: boolean;
}

const RANK: Record<Status, number> = { queued: 0, sending: 1, streaming: 2, done: 3, stopped: 3, failed: 3 };
const MAX_MSGS = 200;

/** Which of two copies of one message is further along. */
function newer(a: Msg, b: Msg): Msg {
  const va = a.v ?? 0;
  const vb = b.v ?? 0;
  if (va !== vb) return va > vb ? a : b;
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] > RANK[b.status] ? a : b;
  const pick = b.text.length > a.text.length ? b : a;
  return pick.rating || !(a.rating ?? b.rating) ? pick : { ...pick, rating: a.rating ?? b.rating };
}

/** Union of two message lists by id, each message at its furthest state, in time order. */
export function mergeMsgs(a: Msg[], b: Msg[]): Msg[] {
  const byId = new Map<string, Msg>();
  for (const m of [...a, ...b]) {
    const had = byId.get(m.id);
    byId.set(m.id, had ? newer(had, m) : m);
  }
  return [...byId.values()].sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1)).slice(-MAX_MSGS);
}

/** Merge two copies of a conversation; a different conversation id means `b` replaces `a`. */
export function mergeConv(a: Conv, b: Conv): Conv {
  if (a.cid !== b.cid) return b;
  return { ...a, msgs: mergeMsgs(a.msgs, b.msgs), seq: Math.max(a.seq, b.seq), handoff: b.handoff };
}

/** The conversation with one message changed (or added when missing and `init` is given). */
export function patch(c: Conv, id: string, change: Partial<Msg>, init?: Omit<Msg, 'id'>): Conv {
  const at = c.msgs.findIndex((m) => m.id === id);
  if (at < 0) return init ? { ...c, msgs: mergeMsgs(c.msgs, [{ ...init, ...change, id }]) } : c;
  const msgs = c.msgs.slice();
  msgs[at] = { ...(msgs[at] as Msg), ...change };
  return { ...c, msgs };
}

/** The id of the assistant reply to a visitor message. */
export const replyId = (visitorId: string): string => `${visitorId}:a`;

/** The visitor message a wire id belongs to (retries send `id.N`). */
export const baseId = (wireId: string): string => wireId.split('.')[0] ?? wireId;

/** A random id the protocol accepts (getRandomValues: randomUUID needs a secure context). */
export function newId(prefix: string): string {
  return prefix + [...crypto.getRandomValues(new Uint8Array(10))].map((b) => b.toString(36).padStart(2, '0')).join('');
}
