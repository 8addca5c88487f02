/**
 * `POST /v1/chat`: one visitor message in, the turn's server frames out as Server-Sent Events.
 * Validation, site and origin checks happen before any byte is streamed, so bad input gets a
 * typed JSON error with the right status and never reaches a provider.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ChatRequest, type ServerFrame } from '../../shared/protocol';
import { auditSink } from '../audit/sink';
import type { AppEnv } from '../env';
import { providerSecrets } from '../env';
import { ParleyError } from '../errors';
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

  return streamSSE(c, async (stream) => {
    stream.onAbort(() => abort.abort());
    let seq = 0;
    const events = runTurn(
      { site, conversationId, message: req.message, history: [], link, signal: abort.signal },
      {
        fetch: (input, init) => fetch(input, init),
        now: () => Date.now(),
        secrets: providerSecrets(c.env),
        onEnd: auditSink({
          db: c.env.DB,
          salt: c.env.AUDIT_SALT,
          requestId: c.get('requestId'),
          visitorId: req.visitorId,
          now: () => Date.now(),
          waitUntil: (p) => c.executionCtx.waitUntil(p),
        }),
      },
    );
    for await (const ev of events) {
      seq++;
      const frame = { ...ev, seq } as ServerFrame;
      await stream.writeSSE({ event: frame.type, data: JSON.stringify(frame), id: String(seq) });
      if (abort.signal.aborted) break;
    }
  });
});
