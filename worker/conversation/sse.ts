/** The Worker side of `POST /v1/chat`: hand a validated message to the conversation's object and relay its SSE. */
import type { ChatRequest } from '../../shared/protocol';
import type { WorkerEnv } from '../env';
import { conversationStub } from './index';

/** Forward a validated chat request; the object answers SSE (or a typed JSON error such as `rate_limited`). */
export async function forwardChat(
  env: WorkerEnv,
  siteKey: string,
  conversationId: string,
  req: ChatRequest,
  lastEventId: string | undefined,
): Promise<Response> {
  const visitorId = req.visitorId ?? `anon-${conversationId}`;
  const after = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
  const res = await conversationStub(env, siteKey, conversationId).chat(
    { siteKey, conversationId, visitorId, verified: false },
    { message: req.message, ...(after !== undefined ? { lastEventId: after } : {}), ...(req.cache ? { cache: req.cache } : {}) },
  );
  const headers = new Headers(res.headers);
  headers.set('x-conversation-id', conversationId);
  return new Response(res.body, { status: res.status, headers });
}
