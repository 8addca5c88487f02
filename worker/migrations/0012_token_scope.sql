-- Admin tokens gain the `agent` role and a site scope. SQLite cannot change a CHECK constraint in place,
-- so the table is rebuilt with the same rows; `sites` is a JSON array of site keys, NULL meaning all sites.
CREATE TABLE admin_tokens_scoped (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'agent', 'auditor')),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at INTEGER,
  sites TEXT CHECK (sites IS NULL OR (json_valid(sites) AND json_type(sites) = 'array'))
);
INSERT INTO admin_tokens_scoped (id, token_hash, role, label, created_at, created_by, revoked_at, sites)
  SELECT id, token_hash, role, label, created_at, created_by, revoked_at, NULL FROM admin_tokens;
DROP TABLE admin_tokens;
ALTER TABLE admin_tokens_scoped RENAME TO admin_tokens;
