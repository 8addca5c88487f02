/** The Worker side of `POST /v1/chat` and `POST /v1/feedback`: check who owns the conversation, then call its object. */
import type { ChatRequest, FeedbackRequest } from '../../shared/protocol-http';
import type { WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import type { CallContext } from './config';
import { assertOwner, mintConversation, newOwner, verifyConversationToken } from './conversation-token';
import { conversationStub } from './index';

/**
 * The call context of a visitor request: a conversation minted now (no `conversationId`), or the one named,
 * once its token proves the caller owns it. Refuses before any object is reached, so nothing is read or written.
 */
export async function visitorCall(
  env: WorkerEnv,
  siteKey: string,
  asked: { conversationId?: string | undefined; conversationToken?: string | undefined; visitorId?: string | undefined },
  verifiedSub: string | undefined,
  /** The upgrade of a browser's socket: its visitor token, if any, comes in `hello`, where the object checks it. */
  identityAtHello = false,
): Promise<CallContext> {
  const sub = verifiedSub !== undefined ? { verifiedSub } : {};
  if (asked.conversationId === undefined) {
    const owner = newOwner(verifiedSub, asked.visitorId);
    const minted = await mintConversation(env, siteKey, owner);
    return { siteKey, ...minted, owner, fresh: true, ...sub };
  }
  const owner = await verifyConversationToken(env, siteKey, asked.conversationId, asked.conversationToken);
  if (!(identityAtHello && verifiedSub === undefined)) assertOwner(owner, verifiedSub);
  return {
    siteKey,
    conversationId: asked.conversationId,
    conversationToken: asked.conversationToken as string,
    owner,
    fresh: false,
    ...sub,
  };
}

/** Forward a validated chat request; the object answers SSE (or a typed JSON error such as `rate_limited`). */
export async function forwardChat(env: WorkerEnv, call: CallContext, req: ChatRequest, lastEventId: string | undefined): Promise<Response> {
  const after = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
  const res = await conversationStub(env, call.siteKey, call.conversationId).chat(call, {
    message: req.message,
    ...(after !== undefined ? { lastEventId: after } : {}),
    ...(req.cache ? { cache: req.cache } : {}),
    ...(req.locale ? { locale: req.locale } : {}),
    ...(req.page ? { page: req.page } : {}),
  });
  const headers = new Headers(res.headers);
  headers.set('x-conversation-id', call.conversationId);
  headers.set('x-conversation-token', call.conversationToken);
  return new Response(res.body, { status: res.status, headers });
}

/** Rate a reply of a conversation the caller proved is theirs; `not_found` when it has no such reply. */
export async function forwardFeedback(env: WorkerEnv, call: CallContext, req: FeedbackRequest): Promise<void> {
  const known = await conversationStub(env, call.siteKey, call.conversationId).rate(call, req.messageId, req.rating);
  // A refusal by the ratings' rate limit comes back as data: a ParleyError does not keep its code across RPC.
  if (typeof known === 'object')
    throw new ParleyError('rate_limited', 'Too many ratings; try again shortly.', { retryable: true, ...known });
  if (!known) throw new ParleyError('not_found', 'No reply with that id in this conversation.');
}
