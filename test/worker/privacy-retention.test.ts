/**
 * Retention and erasure inside the conversation objects: each object's own retention alarm purges what is
 * past the site's window (and deletes its storage when nothing is left); a visitor's export and delete find
 * their conversations through the D1 conversation index, so a handoff-only conversation (no bot turn, no
 * audit row) is covered too.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { visitorHash } from '../../worker/audit/hash';
import type { Conversation } from '../../worker/conversation/conversation';
import { ADMIN, authEnv, bearer } from './audit-support';
import { call, ORIGIN, realId } from './helpers';
import { connect, isEnd, newConversation } from './ws-helpers';

const H = 3_600_000;
/** The object of a conversation the test named (its server-minted id once the socket's `ready` named it). */
const stubOf = (cid: string, site = 'demo') =>
  env.CONVERSATION.get(env.CONVERSATION.idFromName(`${site}:${realId(cid)}`)) as DurableObjectStub<Conversation>;
const adminCall = (path: string, init: RequestInit = {}) =>
  call(
    new Request(`http://parley.test/admin/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...bearer(ADMIN) } }),
    authEnv,
  );

/** Row counts of every table in the object's SQLite (internal `_cf_` tables aside), its vault and its alarm. */
async function objectState(stub: DurableObjectStub<Conversation>) {
  return runInDurableObject(stub, async (_o: Conversation, ctx) => {
    const tables = ctx.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray()
      .map((t) => t.name);
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number(ctx.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).one().n);
    const vault = tables.includes('state')
      ? (ctx.storage.sql.exec<{ v: string }>("SELECT v FROM state WHERE k = 'vault'").toArray()[0]?.v ?? null)
      : null;
    return { counts, vault, alarm: await ctx.storage.getAlarm() };
  });
}

/** Move everything the object holds `hours` into the past (messages and frames), as if that time had gone by. */
async function age(stub: DurableObjectStub<Conversation>, hours: number, where = '1 = 1'): Promise<void> {
  await runInDurableObject(stub, (_o: Conversation, ctx) => {
    ctx.storage.sql.exec(`UPDATE messages SET at = at - ? WHERE ${where}`, hours * H);
    ctx.storage.sql.exec(`UPDATE frames SET at = at - ? WHERE ${where.replace('id', 'message_id')}`, hours * H);
  });
}

async function indexRows(cid: string): Promise<{ visitor_hash: string; last_at: number }[]> {
  const res = await env.DB.prepare('SELECT visitor_hash, last_at FROM conversation_index WHERE conversation_id = ?')
    .bind(realId(cid))
    .all();
  return res.results as { visitor_hash: string; last_at: number }[];
}

/** Wait until the handoff webhook (the demo site announces handoffs) has left the outbox. */
async function outboxDrained(stub: DurableObjectStub<Conversation>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await runInDurableObject(stub, (o: Conversation) => o.handoff.outbox.pending().length === 0)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function handoffOnly(visitorId: string) {
  const cid = newConversation();
  const s = await connect(cid, 'demo', { visitorId });
  s.send({ type: 'message', id: 'ask', text: 'I want to talk to a human please' });
  await s.next((f) => f.type === 'handoff');
  return { cid, s, stub: stubOf(cid) };
}

describe('a conversation object’s own retention', () => {
  it('schedules its retention alarm at the site window and indexes the conversation by hashed visitor, never the raw id', async () => {
    const before = Date.now();
    const { cid, stub } = await handoffOnly('visitor-indexed-1');
    await outboxDrained(stub);
    const { alarm } = await objectState(stub);
    expect(alarm).toBeGreaterThanOrEqual(before + 72 * H);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 72 * H);
    const rows = await indexRows(cid);
    // An anonymous visitor is indexed as its conversations' owner, `anon:<visitorId>`.
    expect(rows.map((r) => r.visitor_hash)).toEqual([await visitorHash('salt-under-test', 'demo', 'anon:visitor-indexed-1')]);
    expect(JSON.stringify(rows)).not.toContain('visitor-indexed-1');
  });

  it('purges a handoff-only conversation when its alarm fires past the window, and deletes the object and its index row', async () => {
    const { cid, stub } = await handoffOnly('visitor-handoff-purged');
    const reply = await adminCall(`/conversations/${realId(cid)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ siteKey: 'demo', text: 'Hello, Ana here.' }),
    });
    expect(reply.status).toBe(201);
    await outboxDrained(stub);
    // No bot turn ran, so no audit row names this conversation.
    expect(
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM audit_turns WHERE conversation_id = ?').bind(realId(cid)).first<{ n: number }>())?.n,
    ).toBe(0);
    expect((await objectState(stub)).counts.messages).toBe(2);

    await age(stub, 73);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const after = await objectState(stub);
    expect(after.alarm).toBeNull();
    expect(Object.entries(after.counts).filter(([, n]) => n > 0)).toEqual([]);
    expect(await indexRows(cid)).toEqual([]);
    const queued = await env.DB.prepare('SELECT COUNT(*) AS n FROM parley_handoff_queue WHERE conversation_id = ?')
      .bind(realId(cid))
      .first<{ n: number }>();
    expect(queued?.n).toBe(0);
  });

  it('removes old agent replies and their frames, keeps what is recent and re-arms for it', async () => {
    const { cid, s, stub } = await handoffOnly('visitor-agent-frames');
    await adminCall(`/conversations/${realId(cid)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ siteKey: 'demo', text: 'Old agent reply' }),
    });
    await s.next((f) => f.type === 'agent');
    await outboxDrained(stub);
    await age(stub, 73);
    s.send({ type: 'message', id: 'recent', text: 'Still there?' });
    await new Promise((r) => setTimeout(r, 100));
    const agentFrames = () =>
      runInDurableObject(
        stub,
        (_o: Conversation, ctx) =>
          ctx.storage.sql
            .exec<{ json: string }>('SELECT json FROM frames')
            .toArray()
            .filter((r) => JSON.parse(r.json).type === 'agent').length,
      );
    expect(await agentFrames()).toBe(1);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await agentFrames()).toBe(0);
    const history = await runInDurableObject(stub, (o: Conversation) => o.store.history(100));
    expect(history.map((m) => [m.role, m.id])).toEqual([['visitor', 'recent']]);
    const { alarm } = await objectState(stub);
    const recentAt = history[0]?.at ?? 0;
    expect(alarm).toBe(recentAt + 72 * H);
  });

  it('drops vault entries no message refers to any more, and the ratings of purged turns', async () => {
    const cid = newConversation();
    const s = await connect(cid, 'demo', { visitorId: 'visitor-vault' });
    s.send({ type: 'message', id: 'pii-old', text: 'My number is +44 20 7946 0958, when are you open?' });
    await s.next(isEnd('pii-old'));
    s.send({ type: 'feedback', messageId: 'pii-old', rating: 'up' });
    s.send({ type: 'message', id: 'pii-new', text: 'My email is ana@example.com, thanks' });
    await s.next(isEnd('pii-new'));
    const stub = stubOf(cid);
    await age(stub, 73, "id = 'pii-old'");
    // The reply carries its question's id, so both are as old. The idle close (30 min after the answer) would
    // be the alarm's first deadline: without it, the alarm is the retention sweep's.
    await runInDurableObject(stub, (o: Conversation) => o.alarms.slot('idle').delete());
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const { vault } = await objectState(stub);
    expect(vault).not.toBeNull();
    expect(vault).not.toContain('7946');
    expect(vault).toContain('ana@example.com');
    const ratings = await runInDurableObject(
      stub,
      (o: Conversation) => o.summary({ siteKey: 'demo', conversationId: realId(cid) }).feedback,
    );
    expect(ratings).toEqual({});
  });
});

describe('the cron’s retention', () => {
  it('reaches a handoff-only conversation through the index (it has no audit row) and empties its object', async () => {
    const { runRetention } = await import('../../worker/ops/privacy');
    const { durableTranscripts } = await import('../../worker/ops/do-transcripts');
    const { cid, stub } = await handoffOnly('visitor-cron-purged');
    await outboxDrained(stub);
    for (let i = 0; i < 50 && (await indexRows(cid)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await age(stub, 73);
    await env.DB.prepare('UPDATE conversation_index SET last_at = last_at - ? WHERE conversation_id = ?')
      .bind(73 * H, realId(cid))
      .run();
    const [out] = await runRetention(env.DB, durableTranscripts(env), Date.now(), ['demo']);
    expect(out?.transcriptsDeleted).toBeGreaterThanOrEqual(1);
    const after = await objectState(stub);
    expect(Object.entries(after.counts).filter(([, n]) => n > 0)).toEqual([]);
    expect(after.alarm).toBeNull();
    expect(await indexRows(cid)).toEqual([]);
  });
});

describe('a visitor’s export and delete', () => {
  it('find a handoff-only conversation through the index, export every table and leave every table of the object empty', async () => {
    const visitor = 'visitor-erase-everything';
    const { cid, stub } = await handoffOnly(visitor);
    const bot = newConversation();
    const s = await connect(bot, 'demo', { visitorId: visitor });
    s.send({ type: 'message', id: 'pii', text: 'My number is +44 20 7946 0958, when are you open?' });
    await s.next(isEnd('pii'));
    s.send({ type: 'feedback', messageId: 'pii', rating: 'down' });
    await outboxDrained(stub);
    await new Promise((r) => setTimeout(r, 50));

    const url = `/visitors/anon:${visitor}?site=demo`;
    const exported = (await (await adminCall(url)).json()) as {
      transcript: { conversationId: string; text: string }[];
      conversations: { conversationId: string; tables: Record<string, unknown[]> }[];
    };
    expect(exported.transcript.map((m) => m.conversationId)).toContain(realId(cid));
    const tables = exported.conversations.find((c) => c.conversationId === realId(bot))?.tables ?? {};
    expect(Object.keys(tables).sort()).toEqual(Object.keys((await objectState(stubOf(bot))).counts).sort());
    expect(JSON.stringify(tables.state)).toContain('vault');

    const del = (await (await adminCall(url, { method: 'DELETE' })).json()) as { messagesDeleted: number };
    expect(del.messagesDeleted).toBeGreaterThanOrEqual(3);
    for (const id of [cid, bot]) {
      const state = await objectState(stubOf(id));
      expect(
        Object.entries(state.counts).filter(([, n]) => n > 0),
        id,
      ).toEqual([]);
      expect(state.vault).toBeNull();
      expect(state.alarm).toBeNull();
      expect(await indexRows(id)).toEqual([]);
    }
  });
});

describe('the WebSocket upgrade’s visitorId', () => {
  it('is checked like a chat body’s: a malformed label is refused before any conversation is minted', async () => {
    const upgrade = (visitorId: string) =>
      call(
        new Request(`http://parley.test/v1/ws?${new URLSearchParams({ siteKey: 'demo', visitorId })}`, {
          headers: { upgrade: 'websocket', origin: ORIGIN },
        }),
      );
    const bad = await upgrade('not a label\n');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/visitorId/);
    const good = await upgrade('visitor-upgrade-label');
    expect(good.status).toBe(101);
    good.webSocket?.accept();
    good.webSocket?.close(1000, 'done');
  });
});
