/**
 * `GET /v1/ws?siteKey=…[&conversationId=…&conversationToken=…][&visitorId=…]`: the WebSocket transport. Browsers are
 * checked by site key + `Origin`; apps (no Origin) must present a visitor token as `Authorization: Bearer`
 * (browsers, which cannot set headers on an upgrade, send it in `hello`). A known conversation needs its
 * conversation token, checked here before the object is reached; without one, the object is a new
 * conversation whose id and token come in `ready`. Visitor tokens are never read from the URL.
 */
import { Hono } from 'hono';
import { ConversationId } from '../../shared/protocol';
import { conversationStub, upgradeHeaders } from '../conversation/index';
import { visitorCall } from '../conversation/sse';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { admitNewConversation, newConversationRequest } from '../middleware/new-conversation';
import { admitVisitor } from './site-auth';

export const wsRoutes = new Hono<AppEnv>();

wsRoutes.get('/ws', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ParleyError('bad_request', 'Expected a WebSocket upgrade.');
  const siteKey = c.req.query('siteKey');
  if (!siteKey) throw new ParleyError('bad_request', 'siteKey is required.');
  const origin = c.req.header('origin');
  if (c.req.query('token') !== undefined) {
    throw new ParleyError('bad_request', 'Visitor tokens are not accepted in the URL: send Authorization: Bearer, or hello.visitorToken.');
  }
  const { site, tokenSub: sub } = await admitVisitor(c.env, siteKey, { origin, authorization: c.req.header('authorization') });
  const askedId = c.req.query('conversationId');
  if (askedId !== undefined && !ConversationId.safeParse(askedId).success) throw new ParleyError('bad_request', 'Invalid conversationId.');
  // An anonymous visitor's own label, checked like a chat body's `visitorId`; the socket's owner is settled at hello.
  const visitorId = c.req.query('visitorId');
  if (visitorId !== undefined && !ConversationId.safeParse(visitorId).success) throw new ParleyError('bad_request', 'Invalid visitorId.');
  if (askedId === undefined) await admitNewConversation(c.env, site, newConversationRequest(c.req.raw));
  const asked = { conversationId: askedId, conversationToken: c.req.query('conversationToken'), visitorId };
  const call = await visitorCall(c.env, site.key, asked, sub, true);
  // A browser's visitor token comes in hello: the object checks the owner there.
  const res = await conversationStub(c.env, site.key, call.conversationId).fetch('https://conversation/ws', {
    headers: upgradeHeaders(call),
  });
  if (!res.webSocket) return res;
  return new Response(null, { status: 101, webSocket: res.webSocket });
});
