/**
 * The stateful floor for the visitor's path: the least a Worker must do to answer a visitor statefully. One
 * Durable Object hop named after the conversation, one SQLite write of the visitor message, then the upstream
 * call streamed back: as SSE for `POST /sse?c=ID`, as one frame per upstream chunk over a hibernatable WebSocket
 * for `GET /ws?c=ID`. Parley's figures in `visitor.ts` are read against this one.
 */
import { Miniflare } from 'miniflare';

export const STATEFUL_FLOOR = `import { DurableObject } from 'cloudflare:workers';
export class Floor extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, role TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)');
  }
  record(id, text) {
    this.ctx.storage.sql.exec('INSERT INTO messages (id, role, text, at) VALUES (?, ?, ?, ?)', id, 'visitor', text, Date.now());
  }
  upstream(text) {
    return fetch(this.env.UPSTREAM + '/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', stream: true, messages: [{ role: 'user', content: text }] }),
    });
  }
  async fetch(req) {
    if (req.headers.get('upgrade') === 'websocket') {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1]);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    const { message } = await req.json();
    this.record(message.id, message.text);
    const res = await this.upstream(message.text);
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'text/event-stream' } });
  }
  async webSocketMessage(ws, data) {
    const { id, text } = JSON.parse(data);
    this.record(id, text);
    const res = await this.upstream(text);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      ws.send(JSON.stringify({ type: 'delta', messageId: id, text: value }));
    }
    ws.send(JSON.stringify({ type: 'done', messageId: id }));
  }
}
export default {
  fetch(req, env) {
    const id = new URL(req.url).searchParams.get('c');
    if (!id) return new Response('c= names the conversation', { status: 400 });
    return env.FLOOR.get(env.FLOOR.idFromName(id)).fetch(req);
  },
};`;

/** Start the floor in its own workerd on 127.0.0.1, its upstream at `upstream` (an OpenAI-style base URL). */
export async function startFloor(upstream: string): Promise<{ url: string; mf: Miniflare }> {
  const mf = new Miniflare({
    modules: true,
    script: STATEFUL_FLOOR,
    compatibilityDate: '2025-04-01',
    host: '127.0.0.1',
    port: 0,
    durableObjects: { FLOOR: { className: 'Floor', useSQLite: true } },
    bindings: { UPSTREAM: upstream },
  });
  return { url: (await mf.ready).toString().replace(/\/$/, ''), mf };
}
