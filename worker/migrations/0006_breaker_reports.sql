-- The latest circuit-breaker transition (opened / closed) any isolate reported, per provider and model, so
-- /metrics, the dashboard and the breaker status endpoint show breakers tripped inside conversation objects
-- too, not only the isolate answering the admin. Written rarely: only when a breaker changes state.
CREATE TABLE IF NOT EXISTS breaker_reports (
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  state TEXT NOT NULL,
  at INTEGER NOT NULL,
  retry_at INTEGER,
  opened INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (provider, model)
);
