-- Questions the site's knowledge could not answer (strict mode: no model was asked). The audit row says so in
-- `unanswered`; the masked question itself is kept apart from the anonymous audit rows, for the console's list.
ALTER TABLE audit_turns ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS knowledge_unanswered (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  at INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  -- The visitor's question with PII masked (`[EMAIL_1]`), as the pipeline saw it.
  question TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS knowledge_unanswered_site_at ON knowledge_unanswered (site, at);
