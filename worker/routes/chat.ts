/**
 * `POST /v1/chat`: one visitor message in, the turn's server frames out as Server-Sent Events.
 * Validation, site and origin checks happen before any byte is streamed, so bad input gets a
 * typed JSON error with the right status and never reaches a provider.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ChatRequest, type ServerFrame } from '../../shared/protocol';
import { encodeSseFrame } from '../../shared/sse';
import type { AppEnv } from '../env';
import { providerSecrets } from '../env';
import { ParleyError } from '../errors';
import type { CacheStatus } from '../pipeline/cache';
import { runTurn } from '../pipeline/turn';
import { providerFromEnv } from '../providers/registry';
import { readJsonBody } from './body';
import { resolveSite } from './site-auth';

export const chatRoutes = new Hono<AppEnv>();

chatRoutes.post('/v1/chat', async (c) => {
  const body = await readJsonBody(c.req.raw, 16 * 1024);
  const parsed = ChatRequest.safeParse(body);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ParleyError(tooLong ? 'too_large' : 'bad_request', detail);
  }
  const req = parsed.data;
  const site = await resolveSite(c.env, req.siteKey, c.req.header('origin'));
  const conversationId = req.conversationId ?? crypto.randomUUID();
  const abort = new AbortController();
  const link = providerFromEnv(c.env);

  // The cache decision must be known before the SSE headers go out (issue 6): pull the turn's first
  // event (the lookup happens before it), then stream it and the rest.
  let cacheStatus: CacheStatus = 'bypass';
  const events = runTurn(
    { site, conversationId, message: req.message, history: [], link, signal: abort.signal, cacheMode: req.cache ?? 'default' },
    {
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      secrets: providerSecrets(c.env),
      cache: { kv: c.env.CACHE },
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      onCacheDecision: (s) => {
        cacheStatus = s;
      },
    },
  );
  const first = await events.next();
  c.header('x-parley-cache', cacheStatus);

  return streamSSE(c, async (stream) => {
    stream.onAbort(() => abort.abort());
    let seq = 0;
    if (cacheStatus === 'hit') {
      // A hit is all in memory: its word-sized delta frames go out in one write instead of one each.
      let batch = '';
      const hit = [...(first.done ? [] : [first.value])];
      for await (const ev of events) hit.push(ev);
      for (const ev of hit) batch += encodeSseFrame({ ...ev, seq: ++seq } as ServerFrame);
      await stream.write(batch);
      return;
    }
    const rest = (async function* () {
      if (!first.done) yield first.value;
      yield* events;
    })();
    for await (const ev of rest) {
      seq++;
      const frame = { ...ev, seq } as ServerFrame;
      await stream.writeSSE({ event: frame.type, data: JSON.stringify(frame), id: String(seq) });
      if (abort.signal.aborted) break;
    }
  });
});
