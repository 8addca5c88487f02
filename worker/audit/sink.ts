/**
 * The chat transport's `onEnd` port: turns a TurnRecord into an audit row written after the response
 * (`waitUntil`), so recording never delays a visitor. Rows ending while a write is in flight go out in
 * one D1 batch (`batch.ts`). Rows are inserted, never replaced: a second row under a stored id is
 * refused and logged. A failed write is logged by kind, never by content.
 */
import { reportBreakers } from '../ops/breakers';
import type { TurnRecord } from '../pipeline/record';
import { batchQueue } from './batch';
import { DEV_AUDIT_SALT, visitorHash } from './hash';
import { ROWS_PER_INSERT, type TurnRow, turnsStatement } from './store';
import { recordUnanswered } from './unanswered';

const logFailure = (e: unknown) =>
  console.error(JSON.stringify({ level: 'error', event: 'audit_write_failed', name: e instanceof Error ? e.name : 'unknown' }));

/** A primary-key clash: a row with this id is stored already and stays as it is. */
const isDuplicate = (e: unknown) => e instanceof Error && /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(e.message);

/** Logged by kind and site only: the id itself may carry a caller's text. */
const logDuplicate = (row: TurnRow) =>
  console.error(JSON.stringify({ level: 'error', event: 'audit_duplicate_id', site: row.record.siteKey }));

/**
 * Write rows one statement each, after their batch failed: a batch is one transaction, so one row whose
 * id is stored already would otherwise take the rows of other turns down with it.
 */
async function writeEach(db: D1Database, rows: TurnRow[]): Promise<void> {
  for (const row of rows) {
    await turnsStatement(db, [row])
      .run()
      .catch((e: unknown) => (isDuplicate(e) ? logDuplicate(row) : logFailure(e)));
  }
}

/** Write queued rows, one `db.batch` per database (tests may bring several); a failed batch is retried row by row. */
async function writeRows(items: { db: D1Database; row: TurnRow }[]): Promise<void> {
  const byDb = new Map<D1Database, TurnRow[]>();
  for (const { db, row } of items) {
    const rows = byDb.get(db);
    if (rows) rows.push(row);
    else byDb.set(db, [row]);
  }
  for (const [db, rows] of byDb) {
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) statements.push(turnsStatement(db, rows.slice(i, i + ROWS_PER_INSERT)));
    await db.batch(statements).catch(() => writeEach(db, rows));
  }
}

/** This isolate's queue of audit rows. */
const isolateRows = batchQueue(writeRows, () => Date.now());

export interface AuditSinkPorts {
  db: D1Database;
  /**
   * `AUDIT_SALT` secret. The public dev salt stands in only where it may be unset: local development, since
   * outside it the visitor API refuses every request until the secret is set (middleware/visitor-gate).
   */
  salt: string | undefined;
  requestId: string;
  visitorId: string | undefined;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
}

/** Build the `onEnd` callback for one request. */
export function auditSink(ports: AuditSinkPorts): (record: TurnRecord) => void {
  return (record) => {
    const at = ports.now();
    const write = async () => {
      const hash = ports.visitorId ? await visitorHash(ports.salt || DEV_AUDIT_SALT, record.siteKey, ports.visitorId) : null;
      await isolateRows.add({ db: ports.db, row: { requestId: ports.requestId, at, visitorHash: hash, record } });
    };
    ports.waitUntil(write().catch(logFailure));
    if (record.unanswered)
      ports.waitUntil(recordUnanswered(ports.db, record.siteKey, at, ports.requestId, record.unanswered.question).catch(logFailure));
    if (record.breakerChanges?.length) ports.waitUntil(reportBreakers(ports.db, record.breakerChanges, at).catch(logFailure));
  };
}
