/**
 * One visitor turn each way the visitor benchmark times it: Parley's `POST /v1/chat` and WebSocket, and the
 * stateful floor's SSE and WebSocket. Each resolves with the ms from send to the first delta, or with why it
 * failed; none throws.
 */

import WebSocket from 'ws';
import { ParleyWsClient } from '../fixtures/ws-client';
import { BENCH_ORIGIN, BENCH_SITE } from './bench-site';
import { benchFetch, errorCode } from './measure';

export type Turn = { ok: true; first: number } | { ok: false; cause: string };

/** A content chunk of an upstream stream (the floor relays them) or a Parley delta frame. */
const CONTENT = /"content":"[^"]|event: delta/;
const TURN_TIMEOUT_MS = 30_000;

/** The conversation Parley minted on a first turn (`x-conversation-id`, `x-conversation-token`), for later turns. */
export interface Minted {
  conversationId: string;
  conversationToken: string;
}

/** POST and read the SSE to its end; `first` is the first delta, `minted` the conversation Parley's headers name. */
export async function sseTurn(url: string, body: unknown): Promise<Turn & { minted?: Minted }> {
  const t0 = performance.now();
  try {
    const res = await benchFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
    });
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      return { ok: false, cause: `HTTP ${res.status}` };
    }
    let first = Number.NaN;
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      if (Number.isNaN(first) && CONTENT.test(decoder.decode(chunk as Uint8Array))) first = performance.now() - t0;
    }
    if (Number.isNaN(first)) return { ok: false, cause: 'no delta' };
    const conversationId = res.headers.get('x-conversation-id');
    const conversationToken = res.headers.get('x-conversation-token');
    return { ok: true, first, ...(conversationId && conversationToken ? { minted: { conversationId, conversationToken } } : {}) };
  } catch (err) {
    return { ok: false, cause: errorCode(err) };
  }
}

/** A Parley visitor on a WebSocket (the reference client); `open` is connect + hello + ready. */
export class ParleyVisitor {
  private readonly client: ParleyWsClient;
  private turns = 0;

  constructor(baseUrl: string, visitorId: string) {
    this.client = new ParleyWsClient({ baseUrl, siteKey: BENCH_SITE, origin: BENCH_ORIGIN, visitorId, autoReconnect: false });
  }

  /** Send one message (connecting first when not yet open); ms from the start to its first delta. */
  async turn(text: string, connect: boolean): Promise<Turn> {
    const t0 = performance.now();
    const id = `${this.client.conversationId ?? 'new'}-${this.turns++}`.slice(-60);
    let first = Number.NaN;
    const off = this.client.subscribe((f) => {
      if (Number.isNaN(first) && f.type === 'delta' && f.messageId === id) first = performance.now() - t0;
    });
    try {
      if (connect) await this.client.connect();
      const end = await this.client.message(id, text, TURN_TIMEOUT_MS);
      if (end.type === 'error') return { ok: false, cause: end.code };
      return Number.isNaN(first) ? { ok: false, cause: 'no delta' } : { ok: true, first };
    } catch (err) {
      return { ok: false, cause: errorCode(err) };
    } finally {
      off();
    }
  }

  close(): void {
    this.client.close();
  }
}

/** A floor visitor on a raw WebSocket: the floor has no hello, so a new conversation is open + first message. */
export class FloorVisitor {
  private ws: WebSocket | null = null;
  private turns = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly conversation: string,
  ) {}

  private open(): Promise<WebSocket> {
    const ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/ws?c=${this.conversation}`);
    this.ws = ws;
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  async turn(text: string, connect: boolean): Promise<Turn> {
    const t0 = performance.now();
    const id = `${this.conversation}-${this.turns++}`;
    try {
      const ws = connect || !this.ws ? await this.open() : this.ws;
      return await new Promise<Turn>((resolve) => {
        let first = Number.NaN;
        const timer = setTimeout(() => finish({ ok: false, cause: 'timeout' }), TURN_TIMEOUT_MS);
        const onMessage = (data: WebSocket.RawData) => {
          const f = JSON.parse(String(data)) as { type: string; messageId: string; text?: string };
          if (f.messageId !== id) return;
          if (Number.isNaN(first) && f.type === 'delta' && CONTENT.test(f.text ?? '')) first = performance.now() - t0;
          if (f.type === 'done') finish(Number.isNaN(first) ? { ok: false, cause: 'no delta' } : { ok: true, first });
        };
        const onClose = () => finish({ ok: false, cause: 'closed' });
        const finish = (t: Turn) => {
          clearTimeout(timer);
          ws.off('message', onMessage);
          ws.off('close', onClose);
          resolve(t);
        };
        ws.on('message', onMessage);
        ws.once('close', onClose);
        ws.send(JSON.stringify({ id, text }));
      });
    } catch (err) {
      return { ok: false, cause: errorCode(err) };
    }
  }

  close(): void {
    this.ws?.close(1000);
  }
}
