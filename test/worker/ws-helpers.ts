/** Real WebSockets against the Worker in workerd: open one through the app, collect its frames, wait for some. */
import type { ServerFrame } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { call, ORIGIN } from './helpers';

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
  const res = await call(
    new Request(`http://parley.test/v1/ws?${new URLSearchParams({ siteKey: 'demo', ...query })}`, {
      headers: { upgrade: 'websocket', ...headers },
    }),
  );
  const ws = res.webSocket;
  if (!ws) throw new Error(`not upgraded: ${res.status}`);
  ws.accept();
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener('message', (e) => {
    frames.push(JSON.parse(String(e.data)) as ServerFrame);
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
  return { ws, frames, closed, send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)), next };
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
