/**
 * The stateful floor for the visitor's path: the least a Worker must do to answer a visitor statefully. One
 * Durable Object hop named after the conversation, one SQLite write of the visitor message, then the upstream
 * call streamed back: as SSE for `POST /sse?c=ID`, as one frame per upstream chunk over a hibernatable WebSocket
 * for `GET /ws?c=ID`. Parley's figures in `visitor.ts` are read against this one (and its CPU also against the
 * `stored` variant, which adds the storage calls Parley's records make).
 */
import { Miniflare } from 'miniflare';

export const STATEFUL_FLOOR = `import { DurableObject } from 'cloudflare:workers';
export class Floor extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, role TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)');
  }
  async record(id, text) {
    this.ctx.storage.sql.exec('INSERT INTO messages (id, role, text, at) VALUES (?, ?, ?, ?)', id, 'visitor', text, Date.now());
    if (!this.env.STORED) return;
    // What Parley's records ask of storage on a turn that misses the reply cache: the cache lookup before the
    // upstream call, the cache write and the audit row after it (waitUntil).
    await this.env.KV.get('reply/' + text);
    this.ctx.waitUntil(Promise.all([
      this.env.KV.put('reply/' + text, JSON.stringify({ v: 1, text }), { expirationTtl: 3600 }),
      this.env.DB.prepare('INSERT INTO turns (id, at) VALUES (?, ?)').bind(id, Date.now()).run(),
    ]));
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
    await this.record(message.id, message.text);
    const res = await this.upstream(message.text);
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'text/event-stream' } });
  }
  async webSocketMessage(ws, data) {
    const { id, text } = JSON.parse(data);
    await this.record(id, text);
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

/**
 * Start the floor in its own workerd on 127.0.0.1, its upstream at `upstream` (an OpenAI-style base URL).
 * `stored`: the floor also makes the storage calls Parley's records need on a cache miss (KV get, KV put, one
 * D1 row), so CPU above this one is Parley's own work rather than Miniflare's KV and D1 simulators'.
 */
export async function startFloor(upstream: string, opts: { stored?: boolean } = {}): Promise<{ url: string; mf: Miniflare }> {
  const mf = new Miniflare({
    modules: true,
    script: STATEFUL_FLOOR,
    compatibilityDate: '2025-04-01',
    host: '127.0.0.1',
    port: 0,
    durableObjects: { FLOOR: { className: 'Floor', useSQLite: true } },
    kvNamespaces: ['KV'],
    d1Databases: ['DB'],
    bindings: { UPSTREAM: upstream, ...(opts.stored ? { STORED: '1' } : {}) },
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  if (opts.stored) await (await mf.getD1Database('DB')).exec('CREATE TABLE IF NOT EXISTS turns (id TEXT PRIMARY KEY, at INTEGER NOT NULL)');
  return { url, mf };
}
