-- Conversations waiting for a human, across every conversation object, for the console.
CREATE TABLE IF NOT EXISTS parley_handoff_queue (
  site_key TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (site_key, conversation_id)
);
