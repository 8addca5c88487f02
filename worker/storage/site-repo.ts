/**
 * Site configuration in D1: a draft per site, and immutable published versions each stored with the
 * classifier trained from it. Publishing and rolling back only move the `live_version` pointer.
 */
import { SiteConfig } from '../../shared/config';
import { ParleyError } from '../errors';
import { type ClassifierModel, trainRouterModel } from '../pipeline/router';
import type { LiveVersion } from './live-cache';

export interface SiteSummary {
  key: string;
  name: string;
  liveVersion: number | null;
  updatedAt: number;
}

export interface VersionSummary {
  version: number;
  createdAt: number;
  createdBy: string;
  note: string | null;
  live: boolean;
}

interface SiteRow {
  key: string;
  draft: string;
  live_version: number | null;
  created_at: number;
  updated_at: number;
}

/** All sites, by key. */
export async function listSites(db: D1Database): Promise<SiteSummary[]> {
  const { results } = await db.prepare('SELECT key, draft, live_version, updated_at FROM sites ORDER BY key').all<SiteRow>();
  return results.map((r) => ({
    key: r.key,
    name: (JSON.parse(r.draft) as { name?: string }).name ?? r.key,
    liveVersion: r.live_version,
    updatedAt: r.updated_at,
  }));
}

/** A site's draft and live version number, or null. */
export async function getSite(db: D1Database, key: string): Promise<{ draft: SiteConfig; liveVersion: number | null } | null> {
  const row = await db.prepare('SELECT * FROM sites WHERE key = ?').bind(key).first<SiteRow>();
  if (!row) return null;
  return { draft: SiteConfig.parse(JSON.parse(row.draft)), liveVersion: row.live_version };
}

/** Like getSite, but a missing site is a 404. */
export async function requireSite(db: D1Database, key: string): Promise<{ draft: SiteConfig; liveVersion: number | null }> {
  const site = await getSite(db, key);
  if (!site) throw new ParleyError('not_found', `No site "${key}".`);
  return site;
}

/** Create a site with a draft (not yet published); 409 when the key exists. */
export async function createSite(db: D1Database, config: SiteConfig, now: number): Promise<void> {
  const res = await db
    .prepare('INSERT OR IGNORE INTO sites (key, draft, live_version, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)')
    .bind(config.key, JSON.stringify(config), now, now)
    .run();
  if (!res.meta.changes) throw new ParleyError('conflict', `A site "${config.key}" already exists.`);
}

/** Replace a site's draft. */
export async function saveDraft(db: D1Database, config: SiteConfig, now: number): Promise<void> {
  const res = await db
    .prepare('UPDATE sites SET draft = ?, updated_at = ? WHERE key = ?')
    .bind(JSON.stringify(config), now, config.key)
    .run();
  if (!res.meta.changes) throw new ParleyError('not_found', `No site "${config.key}".`);
}

/**
 * Publish the draft as a new version: train the classifier, store both, make it live. The version
 * number is taken inside the same batch, so two concurrent publishes cannot share one.
 */
export async function publishDraft(db: D1Database, key: string, by: string, note: string | null, now: number): Promise<number> {
  const { draft } = await requireSite(db, key);
  const model = trainRouterModel(draft.intents);
  const row = await db
    .prepare('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM site_versions WHERE site_key = ?')
    .bind(key)
    .first<{ next: number }>();
  const version = row?.next ?? 1;
  const config = { ...draft, version };
  await db.batch([
    db
      .prepare('INSERT INTO site_versions (site_key, version, config, model, created_at, created_by, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(key, version, JSON.stringify(config), JSON.stringify(model), now, by, note),
    db
      .prepare('UPDATE sites SET live_version = ?, draft = ?, updated_at = ? WHERE key = ?')
      .bind(version, JSON.stringify(config), now, key),
  ]);
  return version;
}

/** Every published version of a site, newest first. */
export async function listVersions(db: D1Database, key: string): Promise<VersionSummary[]> {
  const { liveVersion } = await requireSite(db, key);
  const { results } = await db
    .prepare('SELECT version, created_at, created_by, note FROM site_versions WHERE site_key = ? ORDER BY version DESC')
    .bind(key)
    .all<{ version: number; created_at: number; created_by: string; note: string | null }>();
  return results.map((r) => ({
    version: r.version,
    createdAt: r.created_at,
    createdBy: r.created_by,
    note: r.note,
    live: r.version === liveVersion,
  }));
}

/** One published version's config and model, or null. */
export async function getVersion(db: D1Database, key: string, version: number): Promise<LiveVersion | null> {
  const row = await db
    .prepare('SELECT config, model FROM site_versions WHERE site_key = ? AND version = ?')
    .bind(key, version)
    .first<{ config: string; model: string }>();
  if (!row) return null;
  return { config: SiteConfig.parse(JSON.parse(row.config)), model: JSON.parse(row.model) as ClassifierModel };
}

/** Make an earlier (or later) version live again; the draft becomes that version's config. */
export async function rollbackTo(db: D1Database, key: string, version: number, now: number): Promise<void> {
  await requireSite(db, key);
  const v = await getVersion(db, key, version);
  if (!v) throw new ParleyError('not_found', `Site "${key}" has no version ${version}.`);
  await db
    .prepare('UPDATE sites SET live_version = ?, draft = ?, updated_at = ? WHERE key = ?')
    .bind(version, JSON.stringify(v.config), now, key)
    .run();
}

/** The live version of a site (config + model), or null when it does not exist or was never published. */
/** The number of a site's live version (a one-column read), or null. */
export async function getLiveVersion(db: D1Database, key: string): Promise<number | null> {
  const row = await db.prepare('SELECT live_version FROM sites WHERE key = ?').bind(key).first<{ live_version: number | null }>();
  return row?.live_version ?? null;
}

export async function getLive(db: D1Database, key: string): Promise<LiveVersion | null> {
  const row = await db
    .prepare(
      'SELECT v.config, v.model FROM sites s JOIN site_versions v ON v.site_key = s.key AND v.version = s.live_version WHERE s.key = ?',
    )
    .bind(key)
    .first<{ config: string; model: string }>();
  if (!row) return null;
  return { config: SiteConfig.parse(JSON.parse(row.config)), model: JSON.parse(row.model) as ClassifierModel };
}
