/**
 * `POST /v1/chat`: one visitor message in, the turn's server frames out as Server-Sent Events.
 * Validation, site and origin checks, and the conversation token, are checked before any byte is
 * streamed, so bad input gets a typed JSON error with the right status and never reaches a provider.
 * A logged-in visitor's token comes as `Authorization: Bearer`, never in the URL.
 */
import { Hono } from 'hono';
import { ChatRequest, FeedbackRequest } from '../../shared/protocol';
import { forwardChat, forwardFeedback, visitorCall } from '../conversation/sse';
import { verifyVisitorToken } from '../conversation/visitor-token';
import type { AppEnv, WorkerEnv } from '../env';
import { bearerToken } from '../http/bearer';
import { readJsonBody } from '../http/body';
import { parseInput } from '../http/validation';
import { resolveSite } from './site-auth';

export const chatRoutes = new Hono<AppEnv>();

/** The verified `sub` of an `Authorization: Bearer` visitor token, if one came. */
async function bearerSub(env: WorkerEnv, siteKey: string, header: string | undefined): Promise<string | undefined> {
  const token = bearerToken(header);
  return token ? verifyVisitorToken(token, siteKey, env.VISITOR_TOKEN_SECRET) : undefined;
}

chatRoutes.post('/chat', async (c) => {
  const req = parseInput(ChatRequest, await readJsonBody(c.req.raw, 16 * 1024), { oversize: true });
  const site = await resolveSite(c.env, req.siteKey, c.req.header('origin'));
  const call = await visitorCall(c.env, site.key, req, await bearerSub(c.env, site.key, c.req.header('authorization')));
  // The turn runs in the conversation's Durable Object, as for WebSockets: same history and context,
  // and a reconnecting client re-posting the same message id with `Last-Event-ID` resumes by seq.
  return forwardChat(c.env, call, req, c.req.header('last-event-id'));
});

/** `POST /v1/feedback`: thumbs up/down on a reply, for SSE clients. 204, or 404 when the conversation has no such turn. */
chatRoutes.post('/feedback', async (c) => {
  const req = parseInput(FeedbackRequest, await readJsonBody(c.req.raw, 2 * 1024));
  const site = await resolveSite(c.env, req.siteKey, c.req.header('origin'));
  const call = await visitorCall(c.env, site.key, req, await bearerSub(c.env, site.key, c.req.header('authorization')));
  await forwardFeedback(c.env, call, req);
  return c.body(null, 204);
});
