/**
 * The TranscriptStore over the conversation Durable Objects. Which conversations a site or a visitor has
 * is read from the audit rows (site, conversation id, salted visitor hash), so no second index is kept.
 */
import { DEV_AUDIT_SALT, visitorHash } from '../audit/hash';
import { conversationStub } from '../conversation/index';
import type { WorkerEnv } from '../env';
import type { TranscriptMessage, TranscriptStore } from './transcripts';

async function conversations(db: D1Database, sql: string, ...args: (string | number)[]): Promise<string[]> {
  const res = await db
    .prepare(sql)
    .bind(...args)
    .all<{ c: string }>();
  return res.results.map((r) => r.c);
}

/** Transcripts held by the conversation objects of `env`. */
export function durableTranscripts(env: WorkerEnv): TranscriptStore {
  const hashOf = (site: string, visitorId: string) => visitorHash(env.AUDIT_SALT || DEV_AUDIT_SALT, site, visitorId);
  const ofVisitor = async (site: string, visitorId: string) =>
    conversations(
      env.DB,
      'SELECT DISTINCT conversation_id AS c FROM audit_turns WHERE site = ? AND visitor_hash = ? AND conversation_id IS NOT NULL',
      site,
      await hashOf(site, visitorId),
    );
  return {
    // Rows still carrying their conversation id (not yet anonymised) name the conversations with old turns.
    async purgeOlderThan(site, cutoff) {
      const ids = await conversations(
        env.DB,
        'SELECT DISTINCT conversation_id AS c FROM audit_turns WHERE site = ? AND at < ? AND anonymised = 0 AND conversation_id IS NOT NULL',
        site,
        cutoff,
      );
      let n = 0;
      for (const id of ids) n += await conversationStub(env, site, id).purgeBefore(cutoff);
      return n;
    },
    async exportVisitor(site, visitorId) {
      const out: TranscriptMessage[] = [];
      for (const id of await ofVisitor(site, visitorId)) {
        for (const m of await conversationStub(env, site, id).transcript())
          out.push({ conversationId: id, role: m.role, text: m.text, at: m.at });
      }
      return out;
    },
    async deleteVisitor(site, visitorId) {
      let n = 0;
      for (const id of await ofVisitor(site, visitorId)) n += await conversationStub(env, site, id).erase();
      return n;
    },
  };
}
