/** The `audit_turns` table's row type, apart from the D1 code so pure modules (and their tests) can name it. */

/** A row of the `audit_turns` table as D1 returns it. */
export interface AuditDbRow {
  request_id: string;
  at: number;
  site: string;
  visitor_hash: string | null;
  conversation_id: string | null;
  message_id: string | null;
  intent: string | null;
  tier: string;
  provider: string;
  model: string;
  cached: number;
  ttfd_ms: number | null;
  total_ms: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost_usd: number;
  guard_actions: string;
  status: string;
  finish: string | null;
  error_code: string | null;
  feedback: number | null;
}
