-- Site configuration with versions, admin tokens, and the append-only admin audit log.

-- One row per site: the draft being edited and which published version is live.
CREATE TABLE sites (
  key TEXT PRIMARY KEY,
  draft TEXT NOT NULL,
  live_version INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Every publish is a new immutable row: the validated config and the classifier trained from it.
CREATE TABLE site_versions (
  site_key TEXT NOT NULL REFERENCES sites(key),
  version INTEGER NOT NULL,
  config TEXT NOT NULL,
  model TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (site_key, version)
);

-- Admin bearer tokens, stored as SHA-256 hashes only. Revoked tokens keep their row for the audit trail.
CREATE TABLE admin_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'auditor')),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at INTEGER
);

-- Who changed what, when. Append-only: updates and deletes are refused by the triggers below.
CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  site_key TEXT,
  target TEXT,
  detail TEXT
);
CREATE INDEX admin_audit_site ON admin_audit (site_key, id);

CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
