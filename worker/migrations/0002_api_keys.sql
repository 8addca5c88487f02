-- Server API keys for the OpenAI-compatible endpoint. One site may have several; only the
-- SHA-256 of a key is stored, the key itself is shown once when an admin issues it.
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  site_key TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  name TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS api_keys_site ON api_keys (site_key);
