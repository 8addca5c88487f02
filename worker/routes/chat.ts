/**
 * `POST /v1/chat`: one visitor message in, the turn's server frames out as Server-Sent Events.
 * Validation, site and origin checks happen before any byte is streamed, so bad input gets a
 * typed JSON error with the right status and never reaches a provider.
 */
import { Hono } from 'hono';
import { ChatRequest, FeedbackRequest } from '../../shared/protocol';
import { conversationStub } from '../conversation';
import { forwardChat } from '../conversation/sse';
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
  const conversationId = req.conversationId ?? crypto.randomUUID();
  // The turn runs in the conversation's Durable Object, as for WebSockets: same history and context,
  // and a reconnecting client re-posting the same message id with `Last-Event-ID` resumes by seq.
  const asked = tokenSub === undefined ? req : { ...req, visitorId: tokenSub };
  return forwardChat(c.env, site.key, conversationId, asked, c.req.header('last-event-id'));
});

/** `POST /v1/feedback`: thumbs up/down on a reply, for SSE clients. 204, or 404 when the conversation has no such turn. */
chatRoutes.post('/feedback', async (c) => {
  const { siteKey, conversationId, messageId, rating } = parseInput(FeedbackRequest, await readJsonBody(c.req.raw, 2 * 1024));
  const { site } = await admitVisitor(c.env, siteKey, visitorFrom(c.req.raw));
  const call = { siteKey: site.key, conversationId, visitorId: `anon-${conversationId}`, verified: false };
  const known = await conversationStub(c.env, site.key, conversationId).rate(call, messageId, rating);
  if (!known) throw new ParleyError('not_found', 'No reply with that id in this conversation.');
  return c.body(null, 204);
});
