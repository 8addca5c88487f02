import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PONG_TEXT } from '../../shared/protocol';
import { receivedRequests } from '../fixtures/mock-client';
import { mockProvider } from './helpers';
import { connect, isEnd, newConversation, textOf } from './ws-helpers';

const REPLY = 'Your parcel left the warehouse on Monday and the courier expects to deliver it on Thursday before noon.';

describe('a conversation over WebSocket', () => {
  it('streams a turn and shows the transcript to a reconnecting client', async () => {
    const mock = await mockProvider({ calls: [{ reply: REPLY }] });
    const cid = newConversation();
    const a = await connect(cid, mock.siteKey);
    // The server named the conversation: a UUID of its own choosing, with the token that resumes it.
    expect(a.ready).toMatchObject({ lastSeq: 0, handoff: false, history: [] });
    expect(a.ready.conversationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.ready.conversationToken.length).toBeGreaterThan(64);
    a.send({ type: 'message', id: 'm1', text: 'Where is my parcel?' });
    await a.next(isEnd('m1'));
    expect(a.frames.map((f) => f.type)).toEqual(['ready', 'meta', ...REPLY.split(' ').map(() => 'delta'), 'done']);
    expect(textOf(a.frames, 'm1')).toBe(REPLY);
    a.ws.close(1000);
    const b = await connect(cid, mock.siteKey);
    expect(b.ready.conversationId).toBe(a.ready.conversationId);
    expect(b.ready.history.map((h) => [h.role, h.id, h.text])).toEqual([
      ['visitor', 'm1', 'Where is my parcel?'],
      ['assistant', 'm1', REPLY],
    ]);
    expect(b.ready.lastSeq).toBe(REPLY.split(' ').length + 2);
  });

  it('gives the model the earlier turns as context', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'First answer.' }, { reply: 'Second answer.' }] });
    const s = await connect(newConversation(), mock.siteKey);
    s.send({ type: 'message', id: 'q1', text: 'First question' });
    await s.next(isEnd('q1'));
    s.send({ type: 'message', id: 'q2', text: 'Second question' });
    await s.next(isEnd('q2'));
    const [, second] = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    const msgs = (second?.body as { messages: { role: string; content: string }[] } | undefined)?.messages ?? [];
    expect(msgs.slice(1)).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'First answer.' },
      { role: 'user', content: 'Second question' },
    ]);
  });

  it('resumes after a drop mid-stream with text identical to an undropped run, no gaps, no duplicates', async () => {
    const mock = await mockProvider({ calls: [{ reply: REPLY, paceMs: 25 }] });
    const whole = await connect(newConversation(), mock.siteKey);
    whole.send({ type: 'message', id: 'w', text: 'Where is my parcel?' });
    await whole.next(isEnd('w'));

    const cid = newConversation();
    const a = await connect(cid, mock.siteKey);
    a.send({ type: 'message', id: 'm1', text: 'Where is my parcel?' });
    await a.next((f) => f.type === 'delta' && f.text.startsWith('left'));
    a.ws.close(1000);
    const seen = a.frames.filter((f) => 'seq' in f);
    const lastSeen = Math.max(...seen.map((f) => ('seq' in f && typeof f.seq === 'number' ? f.seq : 0)));
    await new Promise((r) => setTimeout(r, 120)); // generation goes on while nobody listens
    const b = await connect(cid, mock.siteKey, { resume: { afterSeq: lastSeen } });
    await b.next(isEnd('m1'));
    const all = [...seen, ...b.frames.filter((f) => 'seq' in f)];
    const seqs = all.map((f) => ('seq' in f ? f.seq : -1));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(textOf(all, 'm1')).toBe(textOf(whole.frames, 'w'));
    expect(textOf(all, 'm1')).toBe(REPLY);
  });

  it('runs a duplicate message id once and replays its frames to a client that lacks them', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Only once.' }] });
    const cid = newConversation();
    const a = await connect(cid, mock.siteKey);
    a.send({ type: 'message', id: 'dup', text: 'hello' });
    await a.next(isEnd('dup'));
    a.send({ type: 'message', id: 'dup', text: 'hello' });
    const b = await connect(cid, mock.siteKey);
    b.send({ type: 'message', id: 'dup', text: 'hello' });
    await b.next(isEnd('dup'));
    expect(textOf(b.frames, 'dup')).toBe('Only once.');
    expect(b.frames.filter((f) => f.type === 'meta')).toEqual(a.frames.filter((f) => f.type === 'meta'));
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toHaveLength(1);
  });

  it('stop aborts the upstream request and keeps the reply so far, marked stopped', async () => {
    const mock = await mockProvider({ calls: [{ reply: REPLY, paceMs: 150 }] });
    const cid = newConversation();
    const a = await connect(cid, mock.siteKey);
    a.send({ type: 'message', id: 'm1', text: 'Where is my parcel?' });
    await a.next((f) => f.type === 'delta');
    a.send({ type: 'stop', messageId: 'm1' });
    const end = await a.next(isEnd('m1'));
    expect(end).toMatchObject({ type: 'done', finish: 'stopped' });
    const partial = textOf(a.frames, 'm1');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(REPLY.length);
    let aborted = false;
    for (let i = 0; i < 50 && !aborted; i++) {
      aborted = (await receivedRequests(env.MOCK_UPSTREAM, mock.id))[0]?.aborted === true;
      if (!aborted) await new Promise((r) => setTimeout(r, 50));
    }
    expect(aborted).toBe(true);
    const b = await connect(cid, mock.siteKey);
    expect(b.ready.conversationId).toBe(a.ready.conversationId);
    expect(b.ready.history.at(-1)).toMatchObject({ role: 'assistant', text: partial, finish: 'stopped' });
  });

  it('sends the same frames to every socket of the conversation', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Both tabs see this.' }] });
    const cid = newConversation();
    const a = await connect(cid, mock.siteKey);
    const b = await connect(cid, mock.siteKey);
    a.send({ type: 'message', id: 'm1', text: 'hi' });
    await Promise.all([a.next(isEnd('m1')), b.next(isEnd('m1'))]);
    expect(b.frames.slice(1)).toEqual(a.frames.slice(1));
    expect(b.frames.length).toBeGreaterThan(3);
  });

  it('answers the app-level ping without a turn', async () => {
    const s = await connect(newConversation());
    s.send(PONG_TEXT.replace('pong', 'ping'));
    expect(await s.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
  });
});
