/** Shared bits of the issue-9 Worker tests: audit rows with chosen values, and raw table dumps. */
import { env } from 'cloudflare:test';
import { insertTurn } from '../../worker/audit/store';
import type { TurnRecord } from '../../worker/pipeline/record';

let n = 0;

/** Insert one turn row at `at` with overrides. */
export async function seedTurn(at: number, over: Partial<TurnRecord> = {}, visitorHash: string | null = null): Promise<void> {
  const record: TurnRecord = {
    siteKey: 'demo',
    conversationId: `c${n}`,
    messageId: `m${n}`,
    intent: 'shipping',
    tier: 'default',
    provider: 'openai',
    model: 'mock-chat',
    cached: false,
    ttftMs: 120,
    totalMs: 400,
    usage: { inputTokens: 10, outputTokens: 20, cachedInputTokens: 0, costUsd: 0.001, estimated: false },
    guardActions: [],
    status: 'done',
    finish: 'stop',
    errorCode: null,
    ...over,
  };
  await insertTurn(env.DB, { requestId: `seed-${Date.now()}-${n++}-${Math.random()}`, at, visitorHash, record });
}

/** Every row of every issue-9 table, as one JSON string (to search for values that must not be there). */
export async function dumpTables(): Promise<string> {
  const tables = ['audit_turns', 'alert_state', 'site_ops', 'admin_audit'];
  const out: unknown[] = [];
  for (const t of tables) out.push((await env.DB.prepare(`SELECT * FROM ${t}`).all()).results);
  return JSON.stringify(out);
}

export const ADMIN = 'admin-token-for-tests-0123456789';
export const METRICS = 'metrics-token-for-tests-9876543210';
export const authEnv = { ADMIN_TOKEN: ADMIN, METRICS_TOKEN: METRICS };
export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
