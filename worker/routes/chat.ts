/**
 * `POST /v1/chat`: one visitor message in, the turn's server frames out as Server-Sent Events.
 * Validation, site and origin checks (or, without an Origin, a visitor token), the new-conversation limit
 * and the conversation token are checked before any byte is streamed, so bad input gets a typed JSON error
 * with the right status and never reaches a provider. A logged-in visitor's token comes as
 * `Authorization: Bearer`, never in the URL.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ConversationId, ConversationToken } from '../../shared/protocol';
import { ChatRequest, ConfirmRequest, CsatRequest, FeedbackRequest, OfflineRequest, TypingRequest } from '../../shared/protocol-http';
import type { CallContext } from '../conversation/config';
import type { VisitorOutcome } from '../conversation/conversation';
import { conversationStub } from '../conversation/index';
import { forwardChat, forwardFeedback, visitorCall } from '../conversation/sse';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { readJsonBody } from '../http/body';
import { parseInput } from '../http/validation';
import { admitNewConversation, newConversationRequest } from '../middleware/new-conversation';
import { admitVisitor } from './site-auth';

export const chatRoutes = new Hono<AppEnv>();

const visitorFrom = (req: Request) => ({
  origin: req.headers.get('origin') ?? undefined,
  authorization: req.headers.get('authorization') ?? undefined,
});

chatRoutes.post('/chat', async (c) => {
  const req = parseInput(ChatRequest, await readJsonBody(c.req.raw, 16 * 1024), { oversize: true });
  const { site, tokenSub } = await admitVisitor(c.env, req.siteKey, visitorFrom(c.req.raw));
  if (req.conversationId === undefined) await admitNewConversation(c.env, site, newConversationRequest(c.req.raw));
  const call = await visitorCall(c.env, site.key, req, tokenSub);
  // The turn runs in the conversation's Durable Object, as for WebSockets: same history and context,
  // and a reconnecting client re-posting the same message id with `Last-Event-ID` resumes by seq.
  return forwardChat(c.env, call, req, c.req.header('last-event-id'));
});

/** `POST /v1/feedback`: thumbs up/down on a reply, for SSE clients. 204, or 404 when the conversation has no such turn. */
/** The checked call of a later request about an existing conversation (its token verified before the object). */
async function laterCall(c: Context<AppEnv>, req: { siteKey: string; conversationId: string; conversationToken?: string | undefined }) {
  const { site, tokenSub } = await admitVisitor(c.env, req.siteKey, visitorFrom(c.req.raw));
  return visitorCall(c.env, site.key, req, tokenSub);
}

/** A survey answer or offline message for the conversation object; a refusal becomes its typed error. */
async function visitorOutcome(c: Context<AppEnv>, call: CallContext, act: VisitorOutcome): Promise<Response> {
  const refused = await conversationStub(c.env, call.siteKey, call.conversationId).visitorOutcome(call, act);
  if (refused) throw new ParleyError(refused.refused, refused.message);
  return c.body(null, 204);
}

/** `POST /v1/feedback`: thumbs up/down on a reply, for SSE clients. 204, or 404 when the conversation has no such turn. */
chatRoutes.post('/feedback', async (c) => {
  const req = parseInput(FeedbackRequest, await readJsonBody(c.req.raw, 2 * 1024));
  await forwardFeedback(c.env, await laterCall(c, req), req);
  return c.body(null, 204);
});

/**
 * `POST /v1/csat` (a rating of the closed conversation, once: a second is 409 `conflict`) and `POST /v1/offline`
 * (a message for the team, acknowledged by an `offline_received` frame on the event stream): SSE clients'
 * `csat` and `offline` frames. 204; the conversation token is checked before the object is reached.
 */
chatRoutes.post('/csat', async (c) => {
  const req = parseInput(CsatRequest, await readJsonBody(c.req.raw, 4 * 1024));
  const act = req.comment ? { csat: req.score, comment: req.comment } : { csat: req.score };
  return visitorOutcome(c, await laterCall(c, req), act);
});

/** `POST /v1/typing`: the SSE client's typing, recorded and told to the agent at most once a second; 204. */
chatRoutes.post('/typing', async (c) => {
  const req = parseInput(TypingRequest, await readJsonBody(c.req.raw, 1024));
  return visitorOutcome(c, await laterCall(c, req), { typing: req.active });
});

chatRoutes.post('/offline', async (c) => {
  const req = parseInput(OfflineRequest, await readJsonBody(c.req.raw, 16 * 1024));
  return visitorOutcome(c, await laterCall(c, req), { email: req.email, text: req.text });
});

/**
 * `POST /v1/confirm`: the SSE client's answer to a `confirm` frame. The reply (meta, status, delta, done)
 * streams back as SSE; an unknown call is a 404, a lapsed one a 409, and nothing runs.
 */
chatRoutes.post('/confirm', async (c) => {
  const req = parseInput(ConfirmRequest, await readJsonBody(c.req.raw, 2 * 1024));
  const call = await laterCall(c, req);
  return conversationStub(c.env, call.siteKey, call.conversationId).confirmCall(call, req.callId, req.approve);
});

const EventsQuery = z.object({
  siteKey: z.string().min(1).max(128),
  conversationId: ConversationId,
  conversationToken: ConversationToken,
  /** Where a first connection starts (an EventSource cannot send headers); a reconnect's `Last-Event-ID` wins. */
  lastEventId: z.string().regex(/^\d+$/).optional(),
});

/**
 * `GET /v1/chat/events?siteKey=…&conversationId=…&conversationToken=…`: the conversation's agent replies,
 * handoff changes and typing as SSE, for visitors not on a WebSocket; `Last-Event-ID` (a frame `seq`,
 * or the `lastEventId` query) resumes, and without either the stream starts live. The token is checked before the object is
 * reached: a wrong or missing one is a 401, nothing read. It is enough on its own, for logged-in visitors too.
 */
chatRoutes.get('/chat/events', async (c) => {
  const q = parseInput(EventsQuery, c.req.query());
  const { site, tokenSub } = await admitVisitor(c.env, q.siteKey, visitorFrom(c.req.raw));
  const checked = await visitorCall(c.env, site.key, q, tokenSub, true);
  // An EventSource cannot send `Authorization`, so a logged-in visitor's stream comes without the visitor token.
  // The conversation token is an HMAC over site, conversation and owner, minted only to that owner: it is the
  // proof. A visitor token that is presented must still name the owner (checked by visitorCall above).
  const owner = checked.owner.startsWith('user:') ? checked.owner.slice(5) : undefined;
  const call = tokenSub === undefined && owner !== undefined ? { ...checked, verifiedSub: owner } : checked;
  const last = c.req.header('last-event-id') ?? q.lastEventId;
  const after = last !== undefined && /^\d+$/.test(last) ? Number(last) : undefined;
  return conversationStub(c.env, call.siteKey, call.conversationId).events(call, after);
});
