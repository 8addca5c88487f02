-- Which conversations a visitor has, so export, deletion and retention find every conversation (also one that
-- never had a bot turn, hence no audit row). The visitor is named by their salted hash (AUDIT_SALT), never the id.
CREATE TABLE IF NOT EXISTS conversation_index (
  site TEXT NOT NULL,
  visitor_hash TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  last_at INTEGER NOT NULL,
  PRIMARY KEY (site, conversation_id, visitor_hash)
);
CREATE INDEX IF NOT EXISTS conversation_index_by_visitor ON conversation_index (site, visitor_hash);
CREATE INDEX IF NOT EXISTS conversation_index_by_time ON conversation_index (site, last_at);
