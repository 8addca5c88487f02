/**
 * `POST /v1/helpdesk/reply {conversationId, text, name?}`: an external helpdesk answers a visitor. It
 * authenticates with one of the site's server API keys (`Authorization: Bearer psk_…`, the keys of the
 * OpenAI-compatible route); the conversation must be that site's (another site's is 403 `forbidden`, an
 * unknown one 404). The reply is an agent reply: an `agent` frame on every transport (WebSocket and the
 * SSE event stream), counted as the first human response when it is one. 201 `{id, seq}`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ConversationId, MAX_MESSAGE_CHARS } from '../../shared/protocol';
import { conversationStub } from '../conversation/index';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { bearerToken } from '../http/bearer';
import { readJsonBody } from '../http/body';
import { parseInput } from '../http/validation';
import { siteOfConversation } from '../outcomes/record';
import { siteForApiKey } from '../storage/api-keys';

export const helpdeskRoutes = new Hono<AppEnv>();

const HelpdeskReply = z.object({
  conversationId: ConversationId,
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  /** The person's name shown with the reply. */
  name: z.string().trim().min(1).max(80).optional(),
});

helpdeskRoutes.post('/reply', async (c) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new ParleyError('unauthorized', 'A server API key is required (Authorization: Bearer …).');
  const siteKey = await siteForApiKey(c.env.DB, token, Date.now());
  if (!siteKey) throw new ParleyError('unauthorized', 'That API key is not valid.');
  const req = parseInput(HelpdeskReply, await readJsonBody(c.req.raw, 16 * 1024));
  const owner = await siteOfConversation(c.env.DB, req.conversationId);
  if (owner === null) throw new ParleyError('not_found', 'No such conversation.');
  if (owner !== siteKey) throw new ParleyError('forbidden', "This API key is not for that conversation's site.");
  const call = { siteKey, conversationId: req.conversationId };
  const sent = await conversationStub(c.env, siteKey, req.conversationId).agentReply(call, req.text, req.name ?? 'Support');
  return c.json(sent, 201);
});
