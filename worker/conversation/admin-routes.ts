/**
 * The console's view of conversations waiting for a human, and the agent's side of a handoff:
 *   GET  /admin/api/conversations?state=handoff[&siteKey=…]      waiting conversations, oldest first
 *   GET  /admin/api/conversations/:id?siteKey=…                  transcript and state
 *   POST /admin/api/conversations/:id/messages {siteKey,text,name?}  an agent reply → `agent` frame
 *   POST /admin/api/conversations/:id/handback {siteKey}          give the conversation back to the bot
 * All need role `admin` or `editor`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ConversationId, MAX_MESSAGE_CHARS } from '../../shared/protocol';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { readJsonBody } from '../routes/body';
import { handoffQueue } from './handoff';
import { conversationStub } from './index';

export const conversationAdminRoutes = new Hono<AppEnv>();

const AgentMessage = z.object({
  siteKey: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  name: z.string().min(1).max(80).optional(),
});
const SiteOnly = z.object({ siteKey: z.string().min(1).max(128) });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ParleyError('bad_request', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

function conversationIdOf(raw: string): string {
  if (!ConversationId.safeParse(raw).success) throw new ParleyError('bad_request', 'Invalid conversation id.');
  return raw;
}

conversationAdminRoutes.use('/admin/api/conversations', requireRole('admin', 'editor'));
conversationAdminRoutes.use('/admin/api/conversations/*', requireRole('admin', 'editor'));

conversationAdminRoutes.get('/admin/api/conversations', async (c) => {
  const state = c.req.query('state') ?? 'handoff';
  if (state !== 'handoff') throw new ParleyError('bad_request', 'Only state=handoff can be listed.');
  const conversations = await handoffQueue(c.env.DB).list(c.req.query('siteKey'));
  return c.json({ conversations });
});

conversationAdminRoutes.get('/admin/api/conversations/:id', async (c) => {
  const { siteKey } = parse(SiteOnly, { siteKey: c.req.query('siteKey') });
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey, conversationId, visitorId: 'admin', verified: true };
  return c.json(await conversationStub(c.env, siteKey, conversationId).summary(call));
});

conversationAdminRoutes.post('/admin/api/conversations/:id/messages', async (c) => {
  const body = parse(AgentMessage, await readJsonBody(c.req.raw, 16 * 1024));
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey: body.siteKey, conversationId, visitorId: 'admin', verified: true };
  const sent = await conversationStub(c.env, body.siteKey, conversationId).agentReply(call, body.text, body.name);
  return c.json(sent, 201);
});

conversationAdminRoutes.post('/admin/api/conversations/:id/handback', async (c) => {
  const { siteKey } = parse(SiteOnly, await readJsonBody(c.req.raw, 4 * 1024));
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = { siteKey, conversationId, visitorId: 'admin', verified: true };
  return c.json(await conversationStub(c.env, siteKey, conversationId).handBack(call));
});
