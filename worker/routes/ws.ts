/**
 * `GET /v1/ws?siteKey=…[&conversationId=…][&visitorId=…]`: the WebSocket transport. Browsers are
 * checked by site key + `Origin`; apps (no Origin) must present a visitor token (`Authorization: Bearer`
 * or `?token=`). A forged or expired token is refused with HTTP 401 before the upgrade. The socket is
 * then handed to the conversation's Durable Object (a new conversation id is minted when absent).
 */
import { Hono } from 'hono';
import { ConversationId } from '../../shared/protocol';
import { conversationStub, upgradeHeaders } from '../conversation/index';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { admitNewConversation, newConversationRequest } from '../middleware/new-conversation';
import { admitVisitor } from './site-auth';

export const wsRoutes = new Hono<AppEnv>();

const VISITOR_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

wsRoutes.get('/ws', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ParleyError('bad_request', 'Expected a WebSocket upgrade.');
  const siteKey = c.req.query('siteKey');
  if (!siteKey) throw new ParleyError('bad_request', 'siteKey is required.');
  const origin = c.req.header('origin');
  const authorization = c.req.header('authorization');
  const { site, tokenSub } = await admitVisitor(c.env, siteKey, { origin, authorization, token: c.req.query('token') });
  let visitorId: string;
  let verified = false;
  if (tokenSub !== undefined) {
    visitorId = tokenSub;
    verified = true;
  } else {
    const asked = c.req.query('visitorId');
    visitorId = asked && VISITOR_ID.test(asked) ? asked : `anon-${crypto.randomUUID()}`;
  }
  const askedId = c.req.query('conversationId');
  if (askedId !== undefined && !ConversationId.safeParse(askedId).success) throw new ParleyError('bad_request', 'Invalid conversationId.');
  if (askedId === undefined) await admitNewConversation(c.env, site, newConversationRequest(c.req.raw));
  const conversationId = askedId ?? crypto.randomUUID();
  const res = await conversationStub(c.env, site.key, conversationId).fetch('https://conversation/ws', {
    headers: upgradeHeaders({ siteKey: site.key, conversationId, visitorId, verified }),
  });
  if (!res.webSocket) return res;
  return new Response(null, { status: 101, webSocket: res.webSocket });
});
