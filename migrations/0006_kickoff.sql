-- Scheduled kickoffs: one row per audit and fiscal period, inserted in the same transaction as the run's instance.
-- The primary key is what makes "exactly one scheduled run per audit per period" hold across nodes and restarts.
CREATE TABLE audit_kickoffs (
    audit       text NOT NULL,
    period      text NOT NULL,
    run_id      uuid NOT NULL,
    started_at  timestamptz NOT NULL,
    PRIMARY KEY (audit, period)
);
