/**
 * The conversation as the widget keeps it: a list of messages that only grow, merged by id so two
 * tabs, the server's history and this tab's stream can all write without losing each other's work.
 * Pure: no DOM, no storage (see store.ts).
 */
import type { HistoryItem } from '../../shared/protocol';

/** `confirm`: an action waiting for the visitor's approval (a `confirm` frame), shown as a card among the messages. */
export type Role = 'visitor' | 'assistant' | 'agent' | 'confirm';
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
  /** A confirm card's call id, when it lapses (epoch ms), and the visitor's answer once given. */
  call?: string;
  until?: number;
  ok?: boolean;
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
  /** No person can answer (outside business hours, or nobody claimed in time): when the desk opens, if known. */
  away?: { next?: number | undefined; why?: string | undefined } | undefined;
  /** The offline message: sent, then acknowledged (`offline_received`). */
  left?: Stage;
  /** The satisfaction survey: asked for (`closed` with `survey`), then answered (only once). */
  csat?: Stage;
}

/** How far a one-time exchange has got: asked or sent (1), then done (2). */
export type Stage = 1 | 2;

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
  return {
    ...mine,
    msgs: mergeMsgs(mine.msgs, theirs.msgs),
    seq: Math.max(mine.seq, theirs.seq),
    handoff: theirs.handoff,
    away: theirs.away,
    left: further(mine.left, theirs.left),
    csat: further(mine.csat, theirs.csat),
  };
}

/** The stage further along of two tabs' copies. */
const further = (mine?: Stage, theirs?: Stage): Stage | undefined => ((mine ?? 0) > (theirs ?? 0) ? mine : theirs);

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

/** The `sub` a visitor token names ('' for none): a conversation belongs to one (the server checks; this only decides when to drop it). */
export function subOf(token: string | undefined): string {
  try {
    const part = (token ?? '').split('.')[1] ?? '';
    return String((JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown }).sub ?? token);
  } catch {
    return token ?? '';
  }
}

/** The id a visitor message is sent under: its retries are `id.N`. */
export const wireId = (msg: Msg): string => (msg.v ? `${msg.id}.${msg.v}` : msg.id);

/** A message of the server's history, under the ids this widget keeps. */
export function fromHistory(item: HistoryItem): Msg {
  const id = item.role === 'assistant' ? replyId(baseId(item.id)) : item.role === 'visitor' ? baseId(item.id) : item.id;
  return { id, role: item.role, text: item.text, at: item.at, status: item.finish === 'stopped' ? 'stopped' : 'done' };
}
