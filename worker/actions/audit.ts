/** Action calls in the admin change log (`action.call`), the audit trail the console already shows. */
import { appendAudit } from '../storage/audit';
import type { ActionCallRecord } from './pending';

/** Action calls are audited in the change log under this actor: the assistant, acting for a visitor. */
const ASSISTANT = { id: 'assistant', role: 'agent', label: 'Assistant' } as const;

/** One audit row per action call: name, status, latency, error code; never arguments or results. */
export function actionAuditor(db: D1Database, waitUntil: (p: Promise<unknown>) => void): (call: ActionCallRecord) => void {
  return (call) =>
    waitUntil(
      appendAudit(db, { ...ASSISTANT, sites: [call.siteKey] }, 'action.call', Date.now(), {
        siteKey: call.siteKey,
        target: call.action,
        detail: { conversationId: call.conversationId, status: call.status, latencyMs: call.latencyMs, error: call.error },
      }).catch(() => console.error(JSON.stringify({ level: 'error', event: 'action_audit_failed', site: call.siteKey }))),
    );
}
