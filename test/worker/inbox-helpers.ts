/** The agents' inbox socket in workerd: a ticket, the upgrade, and its frames collected. */
import type { InboxFrame } from '../../shared/inbox';
import { admin, BOOT, bootEnv } from './admin-helpers';
import { call, publishSite } from './helpers';

export interface InboxSocket {
  ws: WebSocket;
  frames: InboxFrame[];
  next(pred: (f: InboxFrame) => boolean): Promise<InboxFrame>;
}

/** Wrap an accepted socket: collect its frames, wait for one. */
export function collect(ws: WebSocket): InboxSocket {
  ws.accept();
  const frames: InboxFrame[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener('message', (e) => {
    frames.push(JSON.parse(String(e.data)) as InboxFrame);
    for (const w of waiters) w();
  });
  const next = (pred: (f: InboxFrame) => boolean) =>
    new Promise<InboxFrame>((resolve, reject) => {
      const check = () => {
        const hit = frames.find(pred);
        if (!hit) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out; inbox got ${JSON.stringify(frames)}`));
      }, 10_000);
      waiters.add(check);
      check();
    });
  return { ws, frames, next };
}

/** `GET /admin/api/inbox/ws` as the Worker answers it. */
export function upgrade(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return call(new Request(`http://parley.test/admin/api/inbox/ws${query}`, { headers: { upgrade: 'websocket', ...headers } }), bootEnv);
}

/** Open the inbox with a fresh ticket for `token` and wait for its `ready`. */
export async function openInbox(token = BOOT): Promise<InboxSocket> {
  const ticket = await admin('POST', '/inbox/ticket', token);
  if (ticket.status !== 201) throw new Error(`ticket refused: ${ticket.status}`);
  const { ticket: t } = (await ticket.json()) as { ticket: string };
  const res = await upgrade(`?ticket=${t}`);
  if (!res.webSocket) throw new Error(`not upgraded: ${res.status}`);
  const s = collect(res.webSocket);
  await s.next((f) => f.type === 'ready');
  return s;
}

/** A published site whose widget runs on localhost, with optional extra settings. */
export function inboxSite(key: string, extra: Record<string, unknown> = {}) {
  return publishSite({ key, name: key, origins: ['localhost'], ...extra });
}

/** POST a desk action on a conversation with `token`. */
export function desk(token: string, conversationId: string, action: string, body: Record<string, unknown>) {
  return admin('POST', `/conversations/${conversationId}/${action}`, token, body);
}
