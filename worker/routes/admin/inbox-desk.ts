/**
 * The desk's actions on one conversation, under `/admin/api/conversations/:id` (the role check is the
 * parent's: `admin`, `editor` or `agent` on the conversation's site). Each is in the admin change log:
 *   POST …/claim   {siteKey}            take it (409 while another agent holds it; admins take it over)
 *   POST …/release {siteKey}            back on the waiting list
 *   POST …/close   {siteKey}            close it: the visitor is asked for a rating
 *   POST …/bot     {siteKey}            hand it back to the bot (also `…/handback`)
 *   POST …/notes   {siteKey,text}       an internal note, for agents only (never sent to the visitor)
 *   POST …/reveal  {siteKey,messageId}  a visitor message's typed values, when the site's `handoff.revealPii` allows (else 403)
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ConversationId, MessageId } from '../../../shared/protocol';
import type { AdminCall } from '../../conversation/conversation';
import type { DeskAgent } from '../../conversation/handoff-desk';
import { conversationStub } from '../../conversation/index';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readJsonBody } from '../../http/body';
import { parseInput as parse } from '../../http/validation';
import { loadLiveSite } from '../../storage/live-site';
import { audit, requireSiteScope, who } from './common';

export const inboxDesk = new Hono<AppEnv>();

export const SiteOnly = z.object({ siteKey: z.string().min(1).max(128) });
const NoteBody = z.object({ siteKey: SiteOnly.shape.siteKey, text: z.string().trim().min(1).max(4000) });
const RevealBody = z.object({ siteKey: SiteOnly.shape.siteKey, messageId: MessageId });

export function conversationIdOf(raw: string): string {
  if (!ConversationId.safeParse(raw).success) throw new ParleyError('bad_request', 'Invalid conversation id.');
  return raw;
}

/** What an admin call tells the conversation object: which conversation, nothing about the caller. */
export const adminCall = (siteKey: string, conversationId: string): AdminCall => ({ siteKey, conversationId });

/** The token as the desk knows its agent; admins may take over a conversation another agent holds. */
function agentOf(c: Context<AppEnv>): { agent: DeskAgent; force: boolean } {
  const me = who(c);
  return { agent: { id: me.id, label: me.label }, force: me.role === 'admin' };
}

/** The body (with a `siteKey` in the token's scope), the conversation id and its object. */
async function target<T extends z.ZodType<{ siteKey: string }>>(c: Context<AppEnv>, schema: T) {
  const body = parse(schema, await readJsonBody(c.req.raw, 8 * 1024)) as z.infer<T>;
  requireSiteScope(c, body.siteKey);
  const conversationId = conversationIdOf(c.req.param('id') ?? '');
  return {
    body,
    conversationId,
    call: adminCall(body.siteKey, conversationId),
    stub: conversationStub(c.env, body.siteKey, conversationId),
  };
}

inboxDesk.post('/:id/claim', async (c) => {
  const { body, conversationId, call, stub } = await target(c, SiteOnly);
  const { agent, force } = agentOf(c);
  const res = await stub.deskClaim(call, agent, force);
  if (!res.ok) throw new ParleyError('conflict', `${res.claimedBy} is answering this conversation.`);
  await audit(c, 'conversation.claim', { siteKey: body.siteKey, target: conversationId });
  return c.json({ state: 'claimed', claimedBy: agent.label });
});

inboxDesk.post('/:id/release', async (c) => {
  const { body, conversationId, call, stub } = await target(c, SiteOnly);
  const { agent, force } = agentOf(c);
  if (!(await stub.deskRelease(call, agent, force))) throw new ParleyError('conflict', 'Another agent holds this conversation.');
  await audit(c, 'conversation.release', { siteKey: body.siteKey, target: conversationId });
  return c.json({ state: 'waiting' });
});

inboxDesk.post('/:id/close', async (c) => {
  const { body, conversationId, call, stub } = await target(c, SiteOnly);
  await stub.close(call, 'agent');
  await audit(c, 'conversation.close', { siteKey: body.siteKey, target: conversationId });
  return c.json({ state: 'closed' });
});

for (const path of ['/:id/bot', '/:id/handback']) {
  inboxDesk.post(path, async (c) => {
    const { body, conversationId, call, stub } = await target(c, SiteOnly);
    const state = await stub.handBack(call);
    await audit(c, 'conversation.handback', { siteKey: body.siteKey, target: conversationId });
    return c.json(state);
  });
}

inboxDesk.post('/:id/notes', async (c) => {
  const { body, conversationId, call, stub } = await target(c, NoteBody);
  const note = await stub.addNote(call, agentOf(c).agent, body.text);
  if (!note) throw new ParleyError('conflict', 'This conversation has as many notes as it may keep.');
  await audit(c, 'conversation.note', { siteKey: body.siteKey, target: conversationId, detail: { noteId: note.id } });
  return c.json(note, 201);
});

inboxDesk.post('/:id/reveal', async (c) => {
  const { body, conversationId, call, stub } = await target(c, RevealBody);
  const live = await loadLiveSite(c.env.DB, body.siteKey);
  if (live?.site.handoff?.revealPii !== true)
    throw new ParleyError('forbidden', 'This site does not let agents reveal personal data (handoff.revealPii).');
  const text = await stub.reveal(call, body.messageId);
  if (text === null) throw new ParleyError('not_found', 'No visitor message with that id in this conversation.');
  // The audit row names the message, never the revealed values.
  await audit(c, 'conversation.reveal', { siteKey: body.siteKey, target: conversationId, detail: { messageId: body.messageId } });
  return c.json({ messageId: body.messageId, text });
});
