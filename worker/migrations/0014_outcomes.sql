-- What happened to each conversation, for the outcome figures (CSAT, resolution, handoff rate, waits).
-- One row per conversation, written by its Durable Object; no personal data (the comment is masked).
CREATE TABLE IF NOT EXISTS conversation_outcomes (
  site TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  -- The first handoff to a person (NULL: never handed off).
  handoff_at INTEGER,
  -- The first reply by a person after the handoff (an agent in the console or a helpdesk).
  first_agent_reply_at INTEGER,
  closed_at INTEGER,
  -- agent | idle
  close_reason TEXT,
  -- 1–5, once per conversation.
  csat INTEGER,
  csat_comment TEXT,
  -- 1 when a reply of the conversation was rated down (its latest rating).
  rated_down INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site, conversation_id)
);
CREATE INDEX IF NOT EXISTS conversation_outcomes_site_started ON conversation_outcomes (site, started_at);

-- Messages left while no person could answer. The visitor's email is kept here and nowhere else; the text
-- is masked. Deleted with the conversation (retention, erasure) and exported with the visitor's data.
CREATE TABLE IF NOT EXISTS offline_messages (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  email TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS offline_messages_site_at ON offline_messages (site, at);
CREATE INDEX IF NOT EXISTS offline_messages_conversation ON offline_messages (site, conversation_id);
