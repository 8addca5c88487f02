/**
 * `POST /v1/chat`: one visitor message in, the turn's server frames out as Server-Sent Events.
 * Validation, site and origin checks happen before any byte is streamed, so bad input gets a
 * typed JSON error with the right status and never reaches a provider.
 */
import { Hono } from 'hono';
import { ChatRequest } from '../../shared/protocol';
import type { AppEnv } from '../env';
import { providerSecrets } from '../env';
import { ParleyError } from '../errors';
import type { CacheStatus } from '../pipeline/cache';
import { isolateGateway } from '../pipeline/gateway/runtime';
import { runTurn } from '../pipeline/turn';
import { registryFor } from '../providers/registry';
import { readJsonBody } from './body';
import { resolveSite } from './site-auth';
import { sseResponse } from './sse-response';

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

  let cacheStatus = 'bypass' as CacheStatus;
  const events = runTurn(
    { site, conversationId, message: req.message, history: [], signal: abort.signal, cacheMode: req.cache ?? 'default' },
    {
      fetch: isolateGateway.fetch,
      now: Date.now,
      secrets: providerSecrets(c.env),
      providers: registryFor(c.env),
      cache: { kv: c.env.CACHE },
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      onCacheDecision: (s) => {
        cacheStatus = s;
      },
    },
  );
  // The cache decision is made before the turn's first event: pull it so `x-parley-cache` can go in the headers.
  const first = await events.next();
  return sseResponse(events, abort, { first, batch: cacheStatus === 'hit', headers: { 'x-parley-cache': cacheStatus } });
});
