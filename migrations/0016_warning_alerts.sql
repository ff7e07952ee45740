-- A run alert can also be a warning the run recorded about itself (its issue template was missing, so the issue was
-- written from a bare default): told to the SOM and the notification targets like an incident, once.
ALTER TABLE run_alerts DROP CONSTRAINT run_alerts_kind_check;
ALTER TABLE run_alerts ADD CONSTRAINT run_alerts_kind_check CHECK (kind IN ('faulted', 'overdue', 'warning'));
