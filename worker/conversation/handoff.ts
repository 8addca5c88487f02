/**
 * Human handoff: spotting a visitor who asks for a person, announcing the handoff to the site's
 * webhook with a signed body (one attempt here; webhook-outbox.ts queues the events and retries them),
 * and the D1 queue the admin console lists.
 */

import { signWebhook } from '../digest';
import type { ConversationEnv } from './config';

/** Phrases that mean "let me talk to a person" (en, zh). Kept short on purpose: routing owns the rest. */
const ASKS_FOR_PERSON = [
  /\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+)?(human|person|agent|someone|real person|representative|operator)\b/i,
  /\b(human|live)\s+(agent|support|person)\b/i,
  /\breal person\b/i,
  /转人工|人工客服|真人|找客服/,
];

/** Whether a visitor message asks for a human. */
export function asksForPerson(text: string): boolean {
  return ASKS_FOR_PERSON.some((re) => re.test(text));
}

export interface HandoffEvent {
  type: 'handoff';
  siteKey: string;
  conversationId: string;
  reason: string;
  at: number;
}

export { signWebhook };

export interface WebhookPorts {
  fetch: typeof fetch;
  now: () => number;
}

/**
 * One signed POST of an event (a handoff, a relayed visitor message, an offline message) to the site's webhook: `delivered` (2xx), `refused` (another 4xx except
 * 429: retrying will not help), `retry` (5xx, 429, network failure) or `none` (no webhook configured).
 */
export async function deliverHandoff(
  env: ConversationEnv,
  ev: { siteKey: string },
  ports: WebhookPorts,
): Promise<'delivered' | 'refused' | 'retry' | 'none'> {
  let hooks: Record<string, string> = {};
  try {
    hooks = JSON.parse(env.HANDOFF_WEBHOOKS ?? '{}') as Record<string, string>;
  } catch {
    return 'none';
  }
  const url = hooks[ev.siteKey];
  if (!url || !env.HANDOFF_WEBHOOK_SECRET) return 'none';
  const body = JSON.stringify(ev);
  const signature = await signWebhook(env.HANDOFF_WEBHOOK_SECRET, body, Math.floor(ports.now() / 1000));
  try {
    const res = await ports.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-signature': signature },
      body,
    });
    await res.body?.cancel();
    if (res.ok) return 'delivered';
    return res.status < 500 && res.status !== 429 ? 'refused' : 'retry';
  } catch {
    return 'retry';
  }
}

export interface QueueRow {
  siteKey: string;
  conversationId: string;
  reason: string;
  since: number;
}

/** The list of conversations waiting for a human, in D1 (migration 0004) so the console can see every object's state. */
export function handoffQueue(db: D1Database) {
  return {
    async add(row: QueueRow): Promise<void> {
      await db
        .prepare('INSERT OR REPLACE INTO parley_handoff_queue (site_key, conversation_id, reason, since) VALUES (?, ?, ?, ?)')
        .bind(row.siteKey, row.conversationId, row.reason, row.since)
        .run();
    },
    async remove(siteKey: string, conversationId: string): Promise<void> {
      await db.prepare('DELETE FROM parley_handoff_queue WHERE site_key = ? AND conversation_id = ?').bind(siteKey, conversationId).run();
    },
    async list(siteKey?: string): Promise<QueueRow[]> {
      const stmt = siteKey
        ? db.prepare('SELECT * FROM parley_handoff_queue WHERE site_key = ? ORDER BY since').bind(siteKey)
        : db.prepare('SELECT * FROM parley_handoff_queue ORDER BY since');
      const { results } = await stmt.all<{ site_key: string; conversation_id: string; reason: string; since: number }>();
      return results.map((r) => ({ siteKey: r.site_key, conversationId: r.conversation_id, reason: r.reason, since: r.since }));
    },
  };
}
