/** Per-turn audit rows limited to a token's sites: one query per site, merged newest first. */
import { type AuditQuery, type AuditRow, queryTurns } from '../../audit/store';

/**
 * Rows for `site` when one is named (the role check has scoped it already), for every site when the
 * token covers all, else for each of the token's sites, merged by time and cut to the limit.
 */
export async function scopedTurns(
  db: D1Database,
  sites: string[] | null,
  site: string | undefined,
  query: Omit<AuditQuery, 'site'>,
): Promise<AuditRow[]> {
  if (site || sites === null) return queryTurns(db, { ...query, ...(site ? { site } : {}) });
  const perSite = await Promise.all(sites.map((s) => queryTurns(db, { ...query, site: s })));
  const limit = Math.min(Math.max(query.limit ?? 500, 1), 10_000);
  return perSite
    .flat()
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
}
