/** The append-only admin audit log: who changed what, when. */
import type { AdminChange } from '../../shared/ops';
import type { AdminPrincipal } from '../auth/types';

/** An admin change-log entry (schema in shared/ops.ts). */
export type AuditEntry = AdminChange;

/** Append one row; `detail` is a small JSON object (never a secret). */
export async function appendAudit(
  db: D1Database,
  who: AdminPrincipal,
  action: string,
  at: number,
  opts: { siteKey?: string; target?: string; detail?: unknown } = {},
): Promise<void> {
  await db
    .prepare('INSERT INTO admin_audit (at, actor, role, action, site_key, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(
      at,
      who.id,
      who.role,
      action,
      opts.siteKey ?? null,
      opts.target ?? null,
      opts.detail === undefined ? null : JSON.stringify(opts.detail),
    )
    .run();
}

/**
 * Newest first; `before` pages by id. `sites` limits the entries to those sites (entries without a site,
 * such as token changes, are then left out).
 */
export async function listAudit(
  db: D1Database,
  opts: { siteKey?: string; sites?: string[]; before?: number; limit: number },
): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM admin_audit WHERE (?1 IS NULL OR site_key = ?1) AND (?2 IS NULL OR id < ?2)
         AND (?4 IS NULL OR site_key IN (SELECT value FROM json_each(?4))) ORDER BY id DESC LIMIT ?3`,
    )
    .bind(opts.siteKey ?? null, opts.before ?? null, opts.limit, opts.sites ? JSON.stringify(opts.sites) : null)
    .all<{
      id: number;
      at: number;
      actor: string;
      role: string;
      action: string;
      site_key: string | null;
      target: string | null;
      detail: string | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    role: r.role,
    action: r.action,
    siteKey: r.site_key,
    target: r.target,
    detail: r.detail === null ? null : JSON.parse(r.detail),
  }));
}
