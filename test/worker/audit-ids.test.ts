import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditSink } from '../../worker/audit/sink';
import { queryTurns } from '../../worker/audit/store';
import { turnAuditId } from '../../worker/audit/turn-id';
import type { TurnRecord } from '../../worker/pipeline/record';
import { call, chatRequest, framesOf, mockProvider, realId } from './helpers';

const record = (over: Partial<TurnRecord>): TurnRecord => ({
  siteKey: 'demo',
  conversationId: 'c',
  messageId: 'm',
  intent: null,
  tier: 'default',
  provider: 'openai',
  model: 'mock-chat',
  cached: false,
  ttftMs: 10,
  totalMs: 20,
  usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, costUsd: 0, estimated: false },
  guardActions: [],
  status: 'done',
  finish: 'stop',
  errorCode: null,
  ...over,
});

/** Write rows through the audit sink, as the transports do, and wait for the writes. */
async function writeThroughSink(rows: { requestId: string; record: TurnRecord }[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const row of rows) {
    const sink = auditSink({
      db: env.DB,
      salt: undefined,
      requestId: row.requestId,
      visitorId: undefined,
      now: () => 1_700_000_000_000,
      waitUntil: (p) => pending.push(p),
    });
    sink(row.record);
  }
  while (pending.length) await pending.shift();
}

afterEach(() => vi.restoreAllMocks());

describe('audit rows cannot be overwritten', () => {
  it('keeps the first row of an id, logs the duplicate, and still writes the other rows of its batch', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await writeThroughSink([
      { requestId: 'dup-1', record: record({ conversationId: 'first', model: 'first-model' }) },
      { requestId: 'dup-1', record: record({ conversationId: 'forged', model: 'forged-model' }) },
      { requestId: 'dup-2', record: record({ conversationId: 'other', model: 'other-model' }) },
    ]);
    const rows = await queryTurns(env.DB, { site: 'demo', limit: 10_000 });
    expect(rows.filter((r) => r.requestId === 'dup-1').map((r) => r.model)).toEqual(['first-model']);
    expect(rows.filter((r) => r.requestId === 'dup-2').map((r) => r.model)).toEqual(['other-model']);
    const logged = errors.mock.calls.map((c) => String(c[0]));
    expect(logged.some((l) => JSON.parse(l).event === 'audit_duplicate_id')).toBe(true);
    expect(logged.join('\n')).not.toContain('forged');
  });

  it('gives turns whose ids contain ":" distinct audit ids', () => {
    expect(turnAuditId('demo', 'a:b', 'c')).not.toBe(turnAuditId('demo', 'a', 'b:c'));
    expect(turnAuditId('demo', 'conv-1', 'm-1')).toBe('demo:conv-1:m-1');
  });

  it('writes one row per turn when one conversation id and another message id share a ":" boundary', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'One.' }, { reply: 'Two.' }] });
    for (const [conversationId, id] of [
      ['audit-colon:x', 'y'],
      ['audit-colon', 'x:y'],
    ]) {
      const res = await call(chatRequest({ siteKey: 'demo', conversationId, message: { id, text: 'Tell me about your teas' } }), mock.env);
      expect((await framesOf(res)).at(-1)?.frame.type).toBe('done');
    }
    const ours = [realId('audit-colon'), realId('audit-colon:x')];
    const rows = (await queryTurns(env.DB, { site: 'demo', limit: 10_000 })).filter((r) => ours.includes(r.conversationId ?? ''));
    expect(rows.map((r) => [r.conversationId, r.messageId]).sort()).toEqual(
      [
        [realId('audit-colon'), 'x:y'],
        [realId('audit-colon:x'), 'y'],
      ].sort(),
    );
  });
});
