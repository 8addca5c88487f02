/**
 * Admin API, mounted at `/admin/api/conversations`: the console's view of conversations waiting for a
 * human, and the agent's side of a handoff:
 *   GET  /admin/api/conversations?state=handoff[&siteKey=…]      waiting conversations, oldest first
 *   GET  /admin/api/conversations/:id?siteKey=…                  transcript and state
 *   POST /admin/api/conversations/:id/messages {siteKey,text,name?}  an agent reply → `agent` frame
 *   POST /admin/api/conversations/:id/handback {siteKey}          give the conversation back to the bot
 *   POST /admin/api/conversations/:id/typing {siteKey,active}     the agent is (or stopped) typing → live `typing` frame
 * All need role `admin`, `editor` or `agent`, on the sites in the token's scope (a conversation is found
 * by its site, so another site's conversation cannot be reached). Replies carry the token's label as the
 * agent's name (admins and editors may give another `name`); replies and hand-backs are in the admin
 * change log, without their text.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ConversationId, MAX_MESSAGE_CHARS } from '../../../shared/protocol';
import { handoffQueue } from '../../conversation/handoff';
import { conversationStub } from '../../conversation/index';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readJsonBody } from '../../http/body';
import { parseInput as parse } from '../../http/validation';
import { requireRole } from '../../middleware/require-role';
import { onlyVisible } from '../../middleware/site-scope';
import { AGENTS, audit, requireSiteScope, who } from './common';

export const conversationsAdmin = new Hono<AppEnv>();

const AgentMessage = z.object({
  siteKey: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  name: z.string().min(1).max(80).optional(),
});
const Typing = z.object({ siteKey: z.string().min(1).max(128), active: z.boolean(), name: z.string().min(1).max(80).optional() });
const SiteOnly = z.object({ siteKey: z.string().min(1).max(128) });

function conversationIdOf(raw: string): string {
  if (!ConversationId.safeParse(raw).success) throw new ParleyError('bad_request', 'Invalid conversation id.');
  return raw;
}

/** The name visitors see with a reply: an agent's own label; an admin or editor may sign otherwise. */
function agentName(c: Context<AppEnv>, asked: string | undefined): string {
  const me = who(c);
  return me.role === 'agent' ? me.label : (asked ?? me.label);
}

conversationsAdmin.use('*', requireRole(...AGENTS));

conversationsAdmin.get('/', async (c) => {
  const state = c.req.query('state') ?? 'handoff';
  if (state !== 'handoff') throw new ParleyError('bad_request', 'Only state=handoff can be listed.');
  const conversations = onlyVisible(who(c), await handoffQueue(c.env.DB).list(c.req.query('siteKey')), (q) => q.siteKey);
  return c.json({ conversations });
});

conversationsAdmin.get('/:id', async (c) => {
  const { siteKey } = parse(SiteOnly, { siteKey: c.req.query('siteKey') });
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey, conversationId, visitorId: 'admin', verified: true };
  return c.json(await conversationStub(c.env, siteKey, conversationId).summary(call));
});

conversationsAdmin.post('/:id/messages', async (c) => {
  const body = parse(AgentMessage, await readJsonBody(c.req.raw, 16 * 1024));
  requireSiteScope(c, body.siteKey);
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey: body.siteKey, conversationId, visitorId: 'admin', verified: true };
  const sent = await conversationStub(c.env, body.siteKey, conversationId).agentReply(call, body.text, agentName(c, body.name));
  await audit(c, 'conversation.reply', { siteKey: body.siteKey, target: conversationId });
  return c.json(sent, 201);
});

conversationsAdmin.post('/:id/handback', async (c) => {
  const { siteKey } = parse(SiteOnly, await readJsonBody(c.req.raw, 4 * 1024));
  requireSiteScope(c, siteKey);
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey, conversationId, visitorId: 'admin', verified: true };
  const state = await conversationStub(c.env, siteKey, conversationId).handBack(call);
  await audit(c, 'conversation.handback', { siteKey, target: conversationId });
  return c.json(state);
});

/** Not audited: typing is live presence, not a change, and comes often. */
conversationsAdmin.post('/:id/typing', async (c) => {
  const body = parse(Typing, await readJsonBody(c.req.raw, 2 * 1024));
  requireSiteScope(c, body.siteKey);
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey: body.siteKey, conversationId, visitorId: 'admin', verified: true };
  await conversationStub(c.env, body.siteKey, conversationId).agentTyping(call, body.active, agentName(c, body.name));
  return c.body(null, 204);
});
