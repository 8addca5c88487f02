import { describe, expect, it } from 'vitest';
import { INBOX_PROTOCOL } from '../../shared/inbox';
import { admin, BOOT, tokenFor } from './admin-helpers';
import { realId } from './helpers';
import { collect, desk, inboxSite, openInbox, upgrade } from './inbox-helpers';
import { connect, newConversation } from './ws-helpers';

const HUMAN = 'I want to talk to a human please';

describe('the live inbox socket', () => {
  it('a token scoped to site A gets A’s handoffs and messages as they happen, never site B’s', async () => {
    await inboxSite('inbox-scope-a');
    await inboxSite('inbox-scope-b');
    const onlyA = await tokenFor('agent', { sites: ['inbox-scope-a'], label: 'Ana' });
    const onlyB = await tokenFor('agent', { sites: ['inbox-scope-b'], label: 'Bo' });
    const a = await openInbox(onlyA.token);
    const b = await openInbox(onlyB.token);
    expect(a.frames[0]).toMatchObject({ type: 'ready', label: 'Ana', sites: ['inbox-scope-a'] });

    const visitorA = await connect(newConversation(), 'inbox-scope-a');
    const cidA = visitorA.ready.conversationId;
    visitorA.send({ type: 'message', id: 'a1', text: HUMAN });
    expect(await a.next((f) => f.type === 'handoff')).toMatchObject({
      siteKey: 'inbox-scope-a',
      conversationId: cidA,
      reason: 'visitor_request',
    });
    expect(await a.next((f) => f.type === 'message')).toMatchObject({ message: { id: 'a1', role: 'visitor', text: HUMAN } });
    visitorA.send({ type: 'message', id: 'a2', text: 'my kettle leaks' });
    await a.next((f) => f.type === 'message' && f.message.id === 'a2');
    await new Promise((r) => setTimeout(r, 1000)); // the visitor's typing is recorded at most once a second
    visitorA.send({ type: 'typing', active: true });
    expect(await a.next((f) => f.type === 'typing')).toMatchObject({ who: 'visitor', active: true, conversationId: cidA });

    const visitorB = await connect(newConversation(), 'inbox-scope-b');
    visitorB.send({ type: 'message', id: 'b1', text: HUMAN });
    await b.next((f) => f.type === 'handoff');
    // B's events were fanned out (B got them); a later event of A reaching A shows whatever A was sent came before it.
    expect((await desk(onlyA.token, cidA, 'messages', { siteKey: 'inbox-scope-a', text: 'On it.' })).status).toBe(201);
    expect(await a.next((f) => f.type === 'message' && f.message.role === 'agent')).toMatchObject({
      message: { role: 'agent', text: 'On it.', name: 'Ana' },
    });
    expect(a.frames.filter((f) => 'siteKey' in f && f.siteKey !== 'inbox-scope-a')).toEqual([]);
    expect(b.frames.filter((f) => 'siteKey' in f && f.siteKey !== 'inbox-scope-b')).toEqual([]);
    // Nor does the waiting list show it another site's conversation.
    const list = (await (await admin('GET', '/conversations?state=handoff', onlyA.token)).json()) as {
      conversations: { siteKey: string }[];
    };
    expect(list.conversations.length).toBeGreaterThan(0);
    expect(list.conversations.every((c) => c.siteKey === 'inbox-scope-a')).toBe(true);
    for (const s of [a.ws, b.ws, visitorA.ws, visitorB.ws]) s.close();
  });

  it('opens only with a one-use ticket or a bearer subprotocol; the token is never echoed', async () => {
    expect((await upgrade('')).status).toBe(401);
    expect((await upgrade('?ticket=tkt_forged')).status).toBe(401);
    const { ticket } = (await (await admin('POST', '/inbox/ticket', BOOT)).json()) as { ticket: string };
    const first = await upgrade(`?ticket=${ticket}`);
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    first.webSocket?.close();
    expect((await upgrade(`?ticket=${ticket}`)).status, 'a ticket works once').toBe(401);

    const agent = await tokenFor('agent');
    const viaProtocol = await upgrade('', { 'sec-websocket-protocol': `${INBOX_PROTOCOL}, bearer.${agent.token}` });
    expect(viaProtocol.status).toBe(101);
    expect(viaProtocol.headers.get('sec-websocket-protocol')).toBe(INBOX_PROTOCOL);
    const s = collect(viaProtocol.webSocket as WebSocket);
    expect(await s.next((f) => f.type === 'ready')).toMatchObject({ type: 'ready' });
    s.ws.close();
    expect((await upgrade('', { 'sec-websocket-protocol': `${INBOX_PROTOCOL}, bearer.pat_not_a_token` })).status).toBe(401);

    // An auditor may neither get a ticket nor open the socket with its token.
    const auditor = await tokenFor('auditor');
    expect((await admin('POST', '/inbox/ticket', auditor.token)).status).toBe(403);
    expect((await upgrade('', { 'sec-websocket-protocol': `${INBOX_PROTOCOL}, bearer.${auditor.token}` })).status).toBe(403);
  });

  it('an auditor cannot claim; an agent cannot read config; a second agent cannot take a claimed conversation', async () => {
    await inboxSite('inbox-roles');
    const visitor = await connect(newConversation(), 'inbox-roles');
    const cid = visitor.ready.conversationId;
    visitor.send({ type: 'message', id: 'r1', text: HUMAN });
    await visitor.next((f) => f.type === 'handoff');
    const auditor = await tokenFor('auditor');
    const ana = await tokenFor('agent', { label: 'Ana' });
    const bo = await tokenFor('agent', { label: 'Bo' });
    expect((await desk(auditor.token, cid, 'claim', { siteKey: 'inbox-roles' })).status).toBe(403);
    expect((await admin('GET', '/sites/inbox-roles', ana.token)).status).toBe(403);
    expect((await admin('GET', '/sites/inbox-roles/intents', ana.token)).status).toBe(403);

    const inbox = await openInbox();
    expect((await desk(ana.token, cid, 'claim', { siteKey: 'inbox-roles' })).status).toBe(200);
    expect(await inbox.next((f) => f.type === 'state')).toMatchObject({ state: 'claimed', by: 'Ana', conversationId: cid });
    const taken = await desk(bo.token, cid, 'claim', { siteKey: 'inbox-roles' });
    expect(taken.status).toBe(409);
    expect((await desk(bo.token, cid, 'release', { siteKey: 'inbox-roles' })).status).toBe(409);
    const list = (await (await admin('GET', '/conversations?state=handoff&siteKey=inbox-roles', ana.token)).json()) as {
      conversations: { conversationId: string; claimedBy: string | null }[];
    };
    expect(list.conversations).toMatchObject([{ conversationId: cid, claimedBy: 'Ana' }]);
    expect((await desk(ana.token, cid, 'release', { siteKey: 'inbox-roles' })).status).toBe(200);
    expect(await inbox.next((f) => f.type === 'state' && f.state === 'released')).toMatchObject({ by: 'Ana' });
    expect((await desk(bo.token, cid, 'claim', { siteKey: 'inbox-roles' })).status).toBe(200);

    // Every desk action is in the change log, by the token that did it.
    const audit = (await (await admin('GET', '/audit?site=inbox-roles', BOOT)).json()) as { entries: { action: string; actor: string }[] };
    const actions = audit.entries.map((e) => `${e.action}:${e.actor}`);
    expect(actions).toEqual(
      expect.arrayContaining([`conversation.claim:${ana.id}`, `conversation.release:${ana.id}`, `conversation.claim:${bo.id}`]),
    );
    expect(actions.some((a) => a.includes(auditor.id))).toBe(false);
    expect(realId(cid)).toBe(cid);
    visitor.ws.close();
    inbox.ws.close();
  });
});
