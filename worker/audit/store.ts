/**
 * Audit rows in D1: one per turn, anonymous by construction (no visitor text, a salted visitor hash),
 * and their CSV export.
 */
import type { AuditTurnRow } from '../../shared/ops';
import type { TurnRecord } from '../pipeline/record';
import type { AuditDbRow } from './row';

/** One stored turn, as the admin API and the CSV export present it (schema in shared/ops.ts). */
export type AuditRow = AuditTurnRow;

/** Guard actions are short machine labels (`mask:phone`); anything else is dropped rather than stored. */
const GUARD_ACTION = /^[a-z_]{1,24}:[a-z0-9_-]{1,40}$/;

/** One turn's row as it is written. */
export interface TurnRow {
  requestId: string;
  at: number;
  visitorHash: string | null;
  record: TurnRecord;
}

/** Write one turn's row; a row already stored under its id is kept and the insert fails. */
export async function insertTurn(db: D1Database, row: TurnRow): Promise<void> {
  await turnsStatement(db, [row]).run();
}

const COLUMNS = `request_id, at, site, visitor_hash, conversation_id, message_id, intent, tier, provider, model, cached,
  ttfd_ms, total_ms, tokens_in, tokens_out, tokens_cached, cost_usd, guard_actions, status, finish, error_code, unanswered`;
const PLACEHOLDERS = `(${Array.from({ length: 22 }, () => '?').join(',')})`;
/** D1 binds at most 100 parameters per statement: 4 rows of 22. */
export const ROWS_PER_INSERT = 4;

/**
 * The insert of up to `ROWS_PER_INSERT` turn rows, unrun: `db.batch` runs many in one round trip (see
 * `audit/batch.ts`); several rows per statement cut the per-statement work of D1 as well. A plain
 * insert: an id already stored (the primary key) makes it fail rather than replace the stored row.
 */
export function turnsStatement(db: D1Database, rows: TurnRow[]): D1PreparedStatement {
  const values = rows.map(() => PLACEHOLDERS).join(',');
  return db.prepare(`INSERT INTO audit_turns (${COLUMNS}) VALUES ${values}`).bind(...rows.flatMap(turnValues));
}

function turnValues(row: TurnRow): (string | number | null)[] {
  const r = row.record;
  const actions = r.guardActions.filter((a) => GUARD_ACTION.test(a)).join(',');
  return [
    row.requestId,
    row.at,
    r.siteKey,
    row.visitorHash,
    r.conversationId,
    r.messageId,
    r.intent,
    r.tier,
    r.provider,
    r.model,
    r.cached ? 1 : 0,
    r.ttftMs === null ? null : Math.round(r.ttftMs),
    Math.round(r.totalMs),
    r.usage.inputTokens,
    r.usage.outputTokens,
    r.usage.cachedInputTokens,
    r.usage.costUsd,
    actions,
    r.status,
    r.finish,
    r.errorCode,
    r.unanswered ? 1 : 0,
  ];
}

function fromDb(r: AuditDbRow): AuditRow {
  return {
    requestId: r.request_id,
    at: r.at,
    site: r.site,
    visitorHash: r.visitor_hash,
    conversationId: r.conversation_id,
    messageId: r.message_id,
    intent: r.intent,
    tier: r.tier,
    provider: r.provider,
    model: r.model,
    cached: r.cached === 1,
    ttfdMs: r.ttfd_ms,
    totalMs: r.total_ms,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    tokensCached: r.tokens_cached,
    costUsd: r.cost_usd,
    guardActions: r.guard_actions ? r.guard_actions.split(',') : [],
    status: r.status,
    finish: r.finish,
    errorCode: r.error_code,
    feedback: r.feedback === 1 ? 'up' : r.feedback === -1 ? 'down' : null,
  };
}

/**
 * Record a visitor's rating on the turn's row (latest wins). Returns false when the row is not there
 * (yet): the audit write of a turn runs after its last frame, so a very quick rating may precede it.
 */
export async function setFeedback(db: D1Database, requestId: string, rating: 'up' | 'down'): Promise<boolean> {
  const res = await db
    .prepare('UPDATE audit_turns SET feedback = ? WHERE request_id = ?')
    .bind(rating === 'up' ? 1 : -1, requestId)
    .run();
  return (res.meta.changes ?? 0) > 0;
}

export interface AuditQuery {
  from?: number;
  to?: number;
  site?: string;
  intent?: string;
  status?: string;
  visitorHash?: string;
  limit?: number;
}

/** Rows matching a filter, newest first. */
export async function queryTurns(db: D1Database, q: AuditQuery): Promise<AuditRow[]> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (sql: string, v: string | number | undefined) => {
    if (v === undefined || v === '') return;
    where.push(sql);
    args.push(v);
  };
  add('at >= ?', q.from);
  add('at < ?', q.to);
  add('site = ?', q.site);
  add('intent = ?', q.intent);
  add('status = ?', q.status);
  add('visitor_hash = ?', q.visitorHash);
  const limit = Math.min(Math.max(q.limit ?? 500, 1), 10_000);
  const sql = `SELECT * FROM audit_turns ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC LIMIT ${limit}`;
  const res = await db
    .prepare(sql)
    .bind(...args)
    .all<AuditDbRow>();
  return res.results.map(fromDb);
}

const CSV_COLUMNS: (keyof AuditRow)[] = [
  'requestId',
  'at',
  'site',
  'visitorHash',
  'conversationId',
  'intent',
  'tier',
  'provider',
  'model',
  'cached',
  'ttfdMs',
  'totalMs',
  'tokensIn',
  'tokensOut',
  'tokensCached',
  'costUsd',
  'guardActions',
  'status',
  'finish',
  'errorCode',
  'feedback',
];

/** Rows as CSV (RFC 4180 quoting; a leading `=+-@` is prefixed so spreadsheets do not run it as a formula). */
export function toCsv(rows: AuditRow[]): string {
  const cell = (v: unknown): string => {
    let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map((k) => cell(k === 'at' ? new Date(r.at).toISOString() : r[k])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
