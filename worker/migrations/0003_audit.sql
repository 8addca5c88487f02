-- One anonymous row per turn, alert state, per-site ops settings. Privacy operations are
-- recorded in admin_audit (0001).
-- worker/audit/schema.ts holds the same statements (checked by test/unit/audit-schema.test.ts) so an
-- instance without applied migrations (tests, `npm run serve`) creates them on first use.
CREATE TABLE IF NOT EXISTS audit_turns (
  request_id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  site TEXT NOT NULL,
  visitor_hash TEXT,
  conversation_id TEXT,
  message_id TEXT,
  intent TEXT,
  tier TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  cached INTEGER NOT NULL DEFAULT 0,
  ttfd_ms INTEGER,
  total_ms INTEGER NOT NULL,
  tokens_in INTEGER NOT NULL DEFAULT 0,
  tokens_out INTEGER NOT NULL DEFAULT 0,
  tokens_cached INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  guard_actions TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  finish TEXT,
  error_code TEXT,
  anonymised INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS audit_turns_site_at ON audit_turns (site, at);
CREATE INDEX IF NOT EXISTS audit_turns_at ON audit_turns (at);
CREATE INDEX IF NOT EXISTS audit_turns_visitor ON audit_turns (visitor_hash);
CREATE TABLE IF NOT EXISTS alert_state (
  site TEXT NOT NULL,
  rule TEXT NOT NULL,
  firing INTEGER NOT NULL DEFAULT 0,
  since INTEGER,
  value REAL,
  PRIMARY KEY (site, rule)
);
CREATE TABLE IF NOT EXISTS site_ops (
  site TEXT PRIMARY KEY,
  settings TEXT NOT NULL
);
