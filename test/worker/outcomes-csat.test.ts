/**
 * Closing and the satisfaction survey: an agent's close and an idle close each emit a numbered `closed`
 * frame asking for a rating; the visitor rates once (WebSocket `csat` or `POST /v1/csat`), a second rating
 * is a 409 `conflict`, and the comment is stored masked.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../worker/conversation/conversation';
import { call, realId, visitorPost } from './helpers';
import { eventually, fakeClock, followEvents, sseVisitor, stubOf } from './outcomes-helpers';
import { connect, isEnd, newConversation } from './ws-helpers';

const T0 = Date.UTC(2026, 6, 1, 10, 0);
let clock: ReturnType<typeof fakeClock> | null = null;
afterEach(() => clock?.restore());

const outcomeRow = (conversationId: string) =>
  env.DB.prepare('SELECT * FROM conversation_outcomes WHERE conversation_id = ?')
    .bind(conversationId)
    .first<{ closed_at: number | null; close_reason: string | null; csat: number | null; csat_comment: string | null }>();

describe('closing a conversation and its survey', () => {
  it("an agent's close: a numbered closed frame with survey, one rating (masked comment), a second refused", async () => {
    const cid = newConversation();
    const s = await connect(cid);
    s.send({ type: 'message', id: 'q1', text: 'payment options' });
    await s.next(isEnd('q1'));
    // Rating before any close: no survey was asked.
    s.send({ type: 'csat', score: 5 });
    expect(await s.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_request' });

    const stub = stubOf(cid);
    expect(await stub.close({ siteKey: 'demo', conversationId: realId(cid) }, 'agent')).toBe(true);
    const closed = await s.next((f) => f.type === 'closed');
    expect(closed).toMatchObject({ type: 'closed', reason: 'agent', survey: true });
    expect((closed as { seq: number }).seq).toBeGreaterThan(0);
    // Closing twice does nothing more.
    expect(await stub.close({ siteKey: 'demo', conversationId: realId(cid) }, 'agent')).toBe(false);

    s.send({ type: 'csat', score: 4, comment: 'Quick answer, mail me at ana@example.com' });
    const row = await eventually(
      () => outcomeRow(realId(cid)),
      (r) => r?.csat !== null && r?.csat !== undefined,
    );
    expect(row).toMatchObject({ close_reason: 'agent', csat: 4 });
    expect(row?.csat_comment).toContain('[EMAIL_1]');
    expect(row?.csat_comment).not.toContain('ana@example.com');
    s.send({ type: 'csat', score: 1 });
    expect(await s.next((f) => f.type === 'error' && f.code === 'conflict')).toMatchObject({ code: 'conflict' });
    expect((await outcomeRow(realId(cid)))?.csat).toBe(4);

    // Reconnecting replays the closed frame by seq.
    const again = await connect(cid, 'demo', { resume: { afterSeq: 0 } });
    expect(await again.next((f) => f.type === 'closed')).toMatchObject({ reason: 'agent' });
    s.ws.close();
    again.ws.close();
  });

  it('idle after the bot answers: the idle alarm closes it; an SSE visitor sees closed and rates once over HTTP', async () => {
    clock = fakeClock(T0);
    const c = await sseVisitor();
    const events = await followEvents(c);
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`demo:${c.id}`)) as DurableObjectStub<Conversation>;
    const idleAt = await eventually(
      () => runInDurableObject(stub, (o: Conversation) => o.alarms.deadlines().idle ?? null),
      (v) => v !== null,
    );
    expect(idleAt).toBe(T0 + 30 * 60_000);
    // Before the idle time nothing closes (the alarm may fire for the earliest deadline only).
    clock.advance(29 * 60_000);
    await runDurableObjectAlarm(stub);
    expect(await runInDurableObject(stub, (o: Conversation) => o.outcomes.closing.closed)).toBe(false);

    expect(await runInDurableObject(stub, (o: Conversation) => o.alarms.deadlines().idle)).toBe(idleAt);
    clock.advance(2 * 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await events.next((f) => f.type === 'closed')).toMatchObject({ type: 'closed', reason: 'idle', survey: true });

    const rate = (score: number) =>
      call(visitorPost('/v1/csat', { siteKey: 'demo', conversationId: c.id, conversationToken: c.token, score }));
    expect((await rate(5)).status).toBe(204);
    const second = await rate(2);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('conflict');
    // Someone else's token: refused before the object is reached.
    const other = await sseVisitor();
    const forged = await call(visitorPost('/v1/csat', { siteKey: 'demo', conversationId: c.id, conversationToken: other.token, score: 1 }));
    expect(forged.status).toBe(401);
    expect(
      (
        await eventually(
          () => outcomeRow(c.id),
          (r) => r?.csat !== null,
        )
      )?.csat,
    ).toBe(5);
    await events.cancel();
  });

  it('a conversation with a person is not closed for idleness', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    s.send({ type: 'message', id: 'q1', text: 'payment options' });
    await s.next(isEnd('q1'));
    s.send({ type: 'message', id: 'q2', text: 'I want to talk to a human please' });
    await s.next((f) => f.type === 'handoff');
    const stub = stubOf(cid);
    await runInDurableObject(stub, async (o: Conversation, ctx) => {
      ctx.storage.sql.exec("INSERT OR REPLACE INTO state (k, v) VALUES ('idle_at', ?)", Date.now() - 1);
      await o.alarms.slot('idle').set(Date.now() - 1);
    });
    await runDurableObjectAlarm(stub);
    expect(await runInDurableObject(stub, (o: Conversation) => o.outcomes.closing.closed)).toBe(false);
    expect(s.frames.some((f) => f.type === 'closed')).toBe(false);
    s.ws.close();
  });
});
