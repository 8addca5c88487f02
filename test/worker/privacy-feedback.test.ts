/** Feedback frames cost the object bounded work: a repeat is a no-op and a burst is refused with `rate_limited`. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { turnAuditId } from '../../worker/audit/turn-id';
import { realId } from './helpers';
import { answeredConversation, newConversation } from './ws-helpers';

async function feedbackColumn(requestId: string): Promise<number | null | undefined> {
  const row = await env.DB.prepare('SELECT feedback FROM audit_turns WHERE request_id = ?')
    .bind(requestId)
    .first<{ feedback: number | null }>();
  return row?.feedback;
}

async function eventually(read: () => Promise<unknown>, want: unknown): Promise<unknown> {
  let got = await read();
  for (let i = 0; i < 100 && got !== want; i++) {
    await new Promise((r) => setTimeout(r, 20));
    got = await read();
  }
  return got;
}

describe('feedback frames', () => {
  it('a repeated rating writes nothing; a burst of ratings is refused with a typed rate_limited error and not stored', async () => {
    const { cid, s } = await answeredConversation('f1', 'When are you open?');
    const requestId = turnAuditId('demo', realId(cid), 'f1');
    expect(await eventually(() => feedbackColumn(requestId), null)).toBeNull();

    s.send({ type: 'feedback', messageId: 'f1', rating: 'up' });
    expect(await eventually(() => feedbackColumn(requestId), 1)).toBe(1);
    // Clear the row behind the object's back: a repeat of the same rating must not write it again.
    await env.DB.prepare('UPDATE audit_turns SET feedback = NULL WHERE request_id = ?').bind(requestId).run();
    s.send({ type: 'feedback', messageId: 'f1', rating: 'up' });
    s.send({ type: 'nonsense' });
    await s.next((f) => f.type === 'error' && f.code === 'bad_request');
    await new Promise((r) => setTimeout(r, 200));
    expect(await feedbackColumn(requestId)).toBeNull();

    // Alternate ratings until the object refuses one.
    const from = s.frames.length;
    for (let i = 0; i < 30; i++) s.send({ type: 'feedback', messageId: 'f1', rating: i % 2 === 0 ? 'down' : 'up' });
    const refused = await s.next((f) => f.type === 'error' && f.code === 'rate_limited', from);
    expect(refused).toMatchObject({ messageId: 'f1', retryable: true });
    expect((refused as { retryAfter?: number }).retryAfter).toBeGreaterThan(0);
    const refusals = () => s.frames.slice(from).filter((f) => f.type === 'error' && f.code === 'rate_limited').length;
    s.send({ type: 'nonsense' });
    await s.next((f) => f.type === 'error' && f.code === 'bad_request', from);
    const accepted = 30 - refusals();
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(30);
    // The last accepted rating is the one stored (`accepted` alternating ratings starting with down).
    const last = accepted % 2 === 1 ? -1 : 1;
    expect(await eventually(() => feedbackColumn(requestId), last)).toBe(last);
  });
});

describe('the SSE feedback route', () => {
  it('answers a burst of rating changes with 429 rate_limited and Retry-After, not a server error', async () => {
    const { call, chatRequest, framesOf, visitorPost } = await import('./helpers');
    const conversationId = newConversation();
    await framesOf(await call(chatRequest({ siteKey: 'demo', conversationId, message: { id: 'sse1', text: 'When are you open?' } })));
    const rate = (rating: 'up' | 'down') =>
      // The conversation the chat minted, with its token: ratings need ownership.
      call(visitorPost('/v1/feedback', { siteKey: 'demo', conversationId, messageId: 'sse1', rating }));
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await rate(i % 2 === 0 ? 'down' : 'up');
      statuses.push(res.status);
      if (res.status !== 204) limited = res;
    }
    expect(statuses.filter((s) => s === 204).length).toBeGreaterThan(0);
    if (!limited) throw new Error(`never refused: ${statuses.join(',')}`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
