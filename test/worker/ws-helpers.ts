/** Real WebSockets against the Worker in workerd: open one through the app, collect its frames, wait for some. */
import type { ServerFrame } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { call, conversations, isName, ORIGIN } from './helpers';

export interface TestSocket {
  ws: WebSocket;
  frames: ServerFrame[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  /** Resolves with the first frame (from index `from`) that matches. */
  next(pred: (f: ServerFrame) => boolean, from?: number): Promise<ServerFrame>;
}

/** Upgrade `GET /v1/ws` through the app (site `demo` unless the query names one); throws with the HTTP status when it is not upgraded. */
export async function openWs(query: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }): Promise<TestSocket> {
  // A conversation the test named: resumed by its real id and token once minted, minted by this socket otherwise.
  const name = isName(query.conversationId) && query.conversationToken === undefined ? query.conversationId : undefined;
  const { conversationId: _, ...rest } = query;
  const known = name ? conversations.get(name) : undefined;
  const q = name ? { ...rest, ...(known ? { conversationId: known.id, conversationToken: known.token } : {}) } : query;
  const res = await call(
    new Request(`http://parley.test/v1/ws?${new URLSearchParams({ siteKey: 'demo', ...q })}`, {
      headers: { upgrade: 'websocket', ...headers },
    }),
  );
  const ws = res.webSocket;
  if (!ws) throw new Error(`not upgraded: ${res.status}`);
  ws.accept();
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener('message', (e) => {
    const frame = JSON.parse(String(e.data)) as ServerFrame;
    if (name && frame.type === 'ready') conversations.set(name, { id: frame.conversationId, token: frame.conversationToken });
    frames.push(frame);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason }));
  });
  const next = (pred: (f: ServerFrame) => boolean, from = 0) =>
    new Promise<ServerFrame>((resolve, reject) => {
      const check = () => {
        const hit = frames.slice(from).find(pred);
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting; got ${JSON.stringify(frames.map((f) => f.type))}`));
      }, 15_000);
      waiters.add(check);
      check();
    });
  /** A hello naming the test's conversation names it as the upgrade did: its real id and token, or nothing yet. */
  const named = (f: unknown): unknown => {
    const hello = f as { type?: string; conversationId?: string; conversationToken?: string };
    if (!name || hello.type !== 'hello' || hello.conversationId !== name || hello.conversationToken !== undefined) return f;
    const { conversationId: _id, ...others } = hello;
    return known ? { ...others, conversationId: known.id, conversationToken: known.token } : others;
  };
  return { ws, frames, closed, send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(named(f))), next };
}

/** Open a conversation of `siteKey`, say hello and wait for `ready`. */
export async function connect(
  conversationId: string,
  siteKey = 'demo',
  hello: Record<string, unknown> = {},
): Promise<TestSocket & { ready: Extract<ServerFrame, { type: 'ready' }> }> {
  const s = await openWs({ conversationId, siteKey });
  s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey, conversationId, ...hello });
  const ready = (await s.next((f) => f.type === 'ready')) as Extract<ServerFrame, { type: 'ready' }>;
  return { ...s, ready };
}

/** The text of a message's deltas, in order. */
export function textOf(frames: ServerFrame[], messageId: string): string {
  return frames.map((f) => (f.type === 'delta' && f.messageId === messageId ? f.text : '')).join('');
}

export const isEnd = (id: string) => (f: ServerFrame) => (f.type === 'done' || f.type === 'error') && f.messageId === id;

let n = 0;
/** A fresh conversation id per test. */
export const newConversation = () => `c${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A new demo conversation whose first message `id` (`text`) has been answered; the socket stays open. */
export async function answeredConversation(id: string, text: string): Promise<{ cid: string; s: TestSocket }> {
  const cid = newConversation();
  const s = await connect(cid);
  s.send({ type: 'message', id, text });
  await s.next(isEnd(id));
  return { cid, s };
}
