/**
 * Admin API, mounted at `/admin/api/conversations`: the agents' workspace over HTTP (the live side is the
 * inbox socket, see inbox.ts):
 *   GET  /admin/api/conversations?state=handoff[&siteKey=…]      waiting conversations, oldest first, with who claimed each
 *   GET  /admin/api/conversations/:id?siteKey=…                  transcript (authors, times, masked text), notes, context, summary
 *   POST /admin/api/conversations/:id/messages {siteKey,text,name?}  an agent reply → `agent` frame
 *   POST /admin/api/conversations/:id/typing {siteKey,active}     the agent is (or stopped) typing → live `typing` frame
 *   and the desk's actions (claim, release, close, bot, notes, reveal) in inbox-desk.ts.
 * All need role `admin`, `editor` or `agent`, on the sites in the token's scope (a conversation is found
 * by its site, so another site's conversation cannot be reached). Replies carry the token's label as the
 * agent's name (admins and editors may give another `name`); replies and every desk action are in the
 * admin change log, without their text.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ConversationView, WaitingRow } from '../../../shared/inbox';
import { MAX_MESSAGE_CHARS } from '../../../shared/protocol';
import { handoffQueue } from '../../conversation/handoff';
import { conversationStub } from '../../conversation/index';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readJsonBody } from '../../http/body';
import { parseInput as parse } from '../../http/validation';
import { inboxStub } from '../../inbox';
import { requireRole } from '../../middleware/require-role';
import { onlyVisible } from '../../middleware/site-scope';
import { loadLiveSite } from '../../storage/live-site';
import { AGENTS, audit, requireSiteScope, who } from './common';
import { adminCall, conversationIdOf, inboxDesk, SiteOnly } from './inbox-desk';

export const conversationsAdmin = new Hono<AppEnv>();

const AgentMessage = z.object({
  siteKey: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  name: z.string().min(1).max(80).optional(),
});
const Typing = z.object({ siteKey: z.string().min(1).max(128), active: z.boolean(), name: z.string().min(1).max(80).optional() });

/** The name visitors see with a reply: an agent's own label; an admin or editor may sign otherwise. */
function agentName(c: Context<AppEnv>, asked: string | undefined): string {
  const me = who(c);
  return me.role === 'agent' ? me.label : (asked ?? me.label);
}

conversationsAdmin.use('*', requireRole(...AGENTS));

conversationsAdmin.get('/', async (c) => {
  const state = c.req.query('state') ?? 'handoff';
  if (state !== 'handoff') throw new ParleyError('bad_request', 'Only state=handoff can be listed.');
  const [rows, claims] = await Promise.all([handoffQueue(c.env.DB).list(c.req.query('siteKey')), inboxStub(c.env).claims()]);
  const conversations: WaitingRow[] = onlyVisible(who(c), rows, (q) => q.siteKey).map((q) => ({
    ...q,
    claimedBy: claims[`${q.siteKey}:${q.conversationId}`] ?? null,
  }));
  return c.json({ conversations });
});

conversationsAdmin.get('/:id', async (c) => {
  const { siteKey } = parse(SiteOnly, { siteKey: c.req.query('siteKey') });
  const conversationId = conversationIdOf(c.req.param('id'));
  const [view, live] = await Promise.all([
    conversationStub(c.env, siteKey, conversationId).view(adminCall(siteKey, conversationId)),
    loadLiveSite(c.env.DB, siteKey),
  ]);
  return c.json({ ...view, canReveal: live?.site.handoff?.revealPii === true } satisfies ConversationView);
});

conversationsAdmin.post('/:id/messages', async (c) => {
  const body = parse(AgentMessage, await readJsonBody(c.req.raw, 16 * 1024));
  requireSiteScope(c, body.siteKey);
  const conversationId = conversationIdOf(c.req.param('id'));
  const call = adminCall(body.siteKey, conversationId);
  const sent = await conversationStub(c.env, body.siteKey, conversationId).agentReply(call, body.text, agentName(c, body.name));
  await audit(c, 'conversation.reply', { siteKey: body.siteKey, target: conversationId });
  return c.json(sent, 201);
});

/** Not audited: typing is live presence, not a change, and comes often. */
conversationsAdmin.post('/:id/typing', async (c) => {
  const body = parse(Typing, await readJsonBody(c.req.raw, 2 * 1024));
  requireSiteScope(c, body.siteKey);
  const conversationId = conversationIdOf(c.req.param('id'));
  await conversationStub(c.env, body.siteKey, conversationId).agentTyping(
    adminCall(body.siteKey, conversationId),
    body.active,
    agentName(c, body.name),
  );
  return c.body(null, 204);
});

conversationsAdmin.route('/', inboxDesk);
