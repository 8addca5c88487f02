-- The visitor's thumbs up (1) or down (-1) on a turn's reply, latest wins; NULL when not rated.
-- Kept on the turn's anonymous audit row so /metrics, the dashboard and the audit log count it.
ALTER TABLE audit_turns ADD COLUMN feedback INTEGER;
