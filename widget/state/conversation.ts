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
  /** The sources a reply cites (`done.sources`). */
  sources?: { n: number; title: string; url?: string }[];
}

export interface Conv {
  /** The server's id for the conversation ('' until the server has minted one). */
  cid: string;
  /** The conversation token the server minted with it: sent on every request, dropped with the conversation. */
  tok?: string;
  /** Whose conversation: the visitor token's `sub`, or '' for an anonymous visitor. */
  sub?: string;
  vid: string;
  msgs: Msg[];
  /** Highest server seq applied (WebSocket resume). */
  seq: number;
  handoff: boolean;
}

const RANK: Record<Status, number> = { queued: 0, sending: 1, streaming: 2, done: 3, stopped: 3, failed: 3 };
const MAX_MSGS = 200;

/** Which of two copies of one message is further along. */
function newer(first: Msg, second: Msg): Msg {
  const firstVersion = first.v ?? 0;
  const secondVersion = second.v ?? 0;
  if (firstVersion !== secondVersion) return firstVersion > secondVersion ? first : second;
  if (RANK[first.status] !== RANK[second.status]) return RANK[first.status] > RANK[second.status] ? first : second;
  const pick = second.text.length > first.text.length ? second : first;
  const rating = first.rating ?? second.rating;
  return pick.rating || !rating ? pick : { ...pick, rating };
}

/** Union of two message lists by id, each message at its furthest state, in time order. */
export function mergeMsgs(mine: Msg[], theirs: Msg[]): Msg[] {
  const byId = new Map<string, Msg>();
  for (const msg of [...mine, ...theirs]) {
    const had = byId.get(msg.id);
    byId.set(msg.id, had ? newer(had, msg) : msg);
  }
  return [...byId.values()].sort((left, right) => left.at - right.at || (left.id < right.id ? -1 : 1)).slice(-MAX_MSGS);
}

/** Merge two copies of a conversation; a different conversation id means `theirs` replaces `mine`. */
export function mergeConv(mine: Conv, theirs: Conv): Conv {
  if (mine.cid !== theirs.cid) return theirs;
  return { ...mine, msgs: mergeMsgs(mine.msgs, theirs.msgs), seq: Math.max(mine.seq, theirs.seq), handoff: theirs.handoff };
}

/** The conversation with one message changed (or added when missing and `init` is given). */
export function patch(conv: Conv, id: string, change: Partial<Msg>, init?: Omit<Msg, 'id'>): Conv {
  const index = conv.msgs.findIndex((msg) => msg.id === id);
  if (index < 0) return init ? { ...conv, msgs: mergeMsgs(conv.msgs, [{ ...init, ...change, id }]) } : conv;
  const msgs = conv.msgs.slice();
  msgs[index] = { ...(msgs[index] as Msg), ...change };
  return { ...conv, msgs };
}

/** The id of the assistant reply to a visitor message. */
export const replyId = (messageId: string): string => `${messageId}:a`;

/** The visitor message a reply answers (the inverse of `replyId`); other ids are returned as they are. */
export const questionId = (id: string): string => (id.endsWith(':a') ? id.slice(0, -2) : id);

/** The visitor message a wire id belongs to (retries send `id.N`). */
export const baseId = (wireId: string): string => wireId.split('.')[0] ?? wireId;

/** A random id the protocol accepts (getRandomValues: randomUUID needs a secure context). */
export function newId(prefix: string): string {
  return prefix + [...crypto.getRandomValues(new Uint8Array(10))].map((byte) => byte.toString(36).padStart(2, '0')).join('');
}
