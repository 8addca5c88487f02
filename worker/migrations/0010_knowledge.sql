-- The sites' knowledge (worker/knowledge/): documents, their passages, and an FTS5 index over the passages.
-- The index columns hold text already tokenised by worker/knowledge/tokens.ts (words, Han bigrams) joined by
-- spaces, so `unicode61` only splits on the spaces and the query side uses the same tokenizer.

-- One row per site with knowledge: its version (bumped on every edit; reply-cache keys include it) and totals
-- that the per-site limits are checked against without scanning.
CREATE TABLE IF NOT EXISTS knowledge_sites (
  site TEXT PRIMARY KEY,
  version INTEGER NOT NULL DEFAULT 0,
  docs INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  passages INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS knowledge_documents (
  site TEXT NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  locale TEXT NOT NULL,
  format TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  version INTEGER NOT NULL,
  -- How many of the document's passages the injection heuristics flagged (those are never retrieved).
  flagged INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL,
  PRIMARY KEY (site, id)
);

-- `id` is also the passage's rowid in knowledge_fts.
CREATE TABLE IF NOT EXISTS knowledge_passages (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  doc TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  heading TEXT NOT NULL,
  text TEXT NOT NULL,
  flagged INTEGER NOT NULL DEFAULT 0,
  flags TEXT
);
CREATE INDEX IF NOT EXISTS knowledge_passages_doc ON knowledge_passages (site, doc, ordinal);

-- Contentless (the text lives in knowledge_passages); flagged passages are never inserted, so no query reaches them.
CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_fts USING fts5(
  site, title, heading, body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);

-- Document frequencies for the relevance score (the share of a query's idf that a passage covers).
CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_terms USING fts5vocab(knowledge_fts, 'row');
