/**
 * The chat transport's `onEnd` port: turns a TurnRecord into an audit row written after the response
 * (`waitUntil`), so recording never delays a visitor. A failed write is logged by kind, never by content.
 */
import type { TurnRecord } from '../pipeline/record';
import { DEV_AUDIT_SALT, visitorHash } from './hash';
import { insertTurn } from './store';

export interface AuditSinkPorts {
  db: D1Database;
  /** `AUDIT_SALT` secret; the dev default when unset. */
  salt: string | undefined;
  requestId: string;
  visitorId: string | undefined;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
}

/** Build the `onEnd` callback for one request. */
export function auditSink(ports: AuditSinkPorts): (record: TurnRecord) => void {
  return (record) => {
    const write = async () => {
      const hash = ports.visitorId ? await visitorHash(ports.salt || DEV_AUDIT_SALT, record.siteKey, ports.visitorId) : null;
      await insertTurn(ports.db, { requestId: ports.requestId, at: ports.now(), visitorHash: hash, record });
    };
    ports.waitUntil(
      write().catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', event: 'audit_write_failed', name: e instanceof Error ? e.name : 'unknown' }));
      }),
    );
  };
}
