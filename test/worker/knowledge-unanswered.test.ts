import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insertTurn } from '../../worker/audit/store';
import { listUnanswered, recordUnanswered } from '../../worker/audit/unanswered';
import { deleteVisitor, exportVisitor, runRetention, type VisitorPorts } from '../../worker/ops/privacy';
import { noTranscripts } from '../../worker/ops/transcripts';
import type { TurnRecord } from '../../worker/pipeline/record';

const H = 3_600_000;
const record = (siteKey: string): TurnRecord => ({
  siteKey,
  conversationId: 'c',
  messageId: 'm',
  intent: null,
  tier: 'default',
  provider: 'knowledge',
  model: 'unanswered',
  cached: false,
  ttftMs: 1,
  totalMs: 2,
  usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: false },
  guardActions: [],
  status: 'done',
  finish: 'stop',
  errorCode: null,
  unanswered: { question: 'q' },
});

/** One unanswered turn: its audit row (with the visitor's hash) and its masked question. */
async function unansweredTurn(site: string, requestId: string, at: number, hash: string, question: string): Promise<void> {
  await insertTurn(env.DB, { requestId, at, visitorHash: hash, record: record(site) });
  await recordUnanswered(env.DB, site, at, requestId, question);
}

describe('unanswered questions and privacy', () => {
  it('retention removes unanswered questions older than the transcript window, with the audit rows it anonymises', async () => {
    const now = Date.UTC(2032, 1, 1);
    const site = 'kb-unanswered-retention';
    await unansweredTurn(site, 'ur-old', now - 73 * H, 'a'.repeat(32), 'do you ship to [EMAIL_1]?');
    await unansweredTurn(site, 'ur-new', now - 1 * H, 'a'.repeat(32), 'do you sell teapots?');
    const [out] = await runRetention(env.DB, noTranscripts, now, [site]);
    expect(out).toMatchObject({ transcriptCutoff: now - 72 * H, unansweredDeleted: 1 });
    expect((await listUnanswered(env.DB, site)).map((q) => q.question)).toEqual(['do you sell teapots?']);
  });

  it("a visitor's export holds their unanswered questions and their deletion removes them, no one else's", async () => {
    const site = 'kb-unanswered-visitor';
    const ports: VisitorPorts = {
      db: env.DB,
      transcripts: noTranscripts,
      salt: 'salt-for-this-test',
      now: () => Date.UTC(2032, 2, 1),
      actor: { id: 'test-admin', role: 'admin', label: 'Test', sites: null },
    };
    const { visitorHash } = await exportVisitor(ports, site, 'anon:me');
    const { visitorHash: otherHash } = await exportVisitor(ports, site, 'anon:other');
    await unansweredTurn(site, 'uv-1', 1_000, visitorHash, 'is there a loyalty card?');
    await unansweredTurn(site, 'uv-2', 2_000, visitorHash, 'can I pay with [CARD_1]?');
    await unansweredTurn(site, 'uv-3', 3_000, otherHash, 'do you sell teapots?');

    const exported = await exportVisitor(ports, site, 'anon:me');
    expect(exported.unanswered.map((q) => q.question)).toEqual(['is there a loyalty card?', 'can I pay with [CARD_1]?']);
    expect(exported.unanswered[0]).toMatchObject({ at: 1_000, requestId: 'uv-1' });

    await deleteVisitor(ports, site, 'anon:me');
    expect((await listUnanswered(env.DB, site)).map((q) => q.question)).toEqual(['do you sell teapots?']);
    expect((await exportVisitor(ports, site, 'anon:other')).unanswered).toHaveLength(1);
  });
});
