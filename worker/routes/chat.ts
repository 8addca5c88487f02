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
import { resolveSite } from './site-auth';

export const chatRoutes = new Hono<AppEnv>();

chatRoutes.post('/chat', async (c) => {
  const req = parseInput(ChatRequest, await readJsonBody(c.req.raw, 16 * 1024), { oversize: true });
  const site = await resolveSite(c.env, req.siteKey, c.req.header('origin'));
  const conversationId = req.conversationId ?? crypto.randomUUID();
  // The turn runs in the conversation's Durable Object, as for WebSockets: same history and context,
  // and a reconnecting client re-posting the same message id with `Last-Event-ID` resumes by seq.
  return forwardChat(c.env, site.key, conversationId, req, c.req.header('last-event-id'));
});

/** `POST /v1/feedback`: thumbs up/down on a reply, for SSE clients. 204, or 404 when the conversation has no such turn. */
chatRoutes.post('/feedback', async (c) => {
  const { siteKey, conversationId, messageId, rating } = parseInput(FeedbackRequest, await readJsonBody(c.req.raw, 2 * 1024));
  const site = await resolveSite(c.env, siteKey, c.req.header('origin'));
  const call = { siteKey: site.key, conversationId, visitorId: `anon-${conversationId}`, verified: false };
  const known = await conversationStub(c.env, site.key, conversationId).rate(call, messageId, rating);
  if (typeof known === 'object')
    throw new ParleyError('rate_limited', 'Too many ratings; try again shortly.', { retryable: true, ...known });
  if (!known) throw new ParleyError('not_found', 'No reply with that id in this conversation.');
  return c.body(null, 204);
});
