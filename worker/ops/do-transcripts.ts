/**
 * The TranscriptStore over the conversation Durable Objects. A visitor's conversations are those of the
 * D1 conversation index (written by each object as it is used, with the salted visitor hash) and of the
 * audit rows; a site's conversations past the window are the index rows last active before it and the
 * audit rows that still name their conversation. Each object also purges itself from its own alarm.
 */
import { DEV_AUDIT_SALT, visitorHash } from '../audit/hash';
import { conversationStub } from '../conversation/index';
import type { WorkerEnv } from '../env';
import type { TranscriptMessage, TranscriptStore, VisitorTranscripts } from './transcripts';

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
  const ofVisitor = async (site: string, visitorId: string) => {
    const hash = await hashOf(site, visitorId);
    return conversations(
      env.DB,
      `SELECT conversation_id AS c FROM conversation_index WHERE site = ?1 AND visitor_hash = ?2
       UNION SELECT conversation_id FROM audit_turns WHERE site = ?1 AND visitor_hash = ?2 AND conversation_id IS NOT NULL`,
      site,
      hash,
    );
  };
  return {
    async purgeOlderThan(site, cutoff) {
      const ids = await conversations(
        env.DB,
        `SELECT conversation_id AS c FROM conversation_index WHERE site = ?1 AND last_at < ?2
         UNION SELECT conversation_id FROM audit_turns WHERE site = ?1 AND at < ?2 AND anonymised = 0 AND conversation_id IS NOT NULL`,
        site,
        cutoff,
      );
      let n = 0;
      for (const id of ids) n += await conversationStub(env, site, id).purgeBefore(cutoff);
      return n;
    },
    async exportVisitor(site, visitorId) {
      const out: VisitorTranscripts = { transcript: [], conversations: [] };
      for (const id of await ofVisitor(site, visitorId)) {
        const stub = conversationStub(env, site, id);
        const messages: TranscriptMessage[] = (await stub.transcript()).map((m) => ({
          conversationId: id,
          role: m.role,
          text: m.text,
          at: m.at,
        }));
        out.transcript.push(...messages);
        out.conversations.push({ conversationId: id, tables: await stub.exportData() });
      }
      return out;
    },
    async deleteVisitor(site, visitorId) {
      let n = 0;
      for (const id of await ofVisitor(site, visitorId)) n += await conversationStub(env, site, id).erase();
      await env.DB.prepare('DELETE FROM conversation_index WHERE site = ? AND visitor_hash = ?')
        .bind(site, await hashOf(site, visitorId))
        .run();
      return n;
    },
  };
}
