-- Alerts on runs: a faulted step, or a timer overdue past Alerts__OverdueAfter. One row per incident, keyed by
-- (run, kind, instance, subject): the subject is the faulted step with the incident's time, or the overdue bookmark.
-- Delivery is at-least-once: each post carries the row's key as its idempotency marker and is looked for first.
CREATE TABLE run_alerts (
    id                      uuid PRIMARY KEY,
    run_id                  uuid NOT NULL REFERENCES audit_runs (id),
    kind                    text NOT NULL CHECK (kind IN ('faulted', 'overdue')),
    instance_id             uuid NOT NULL REFERENCES workflow_instances (id),
    subject                 text NOT NULL,
    step_id                 text NULL,
    item_id                 text NULL,
    message                 text NOT NULL,
    due_at                  timestamptz NULL,
    opened_at               timestamptz NOT NULL,
    -- Targets reached so far (slack-dm:<som>, gitlab-run-issue, slack-channel:<id>, gitlab-issue:<address>).
    delivered_to            text[] NOT NULL DEFAULT '{}',
    delivered_at            timestamptz NULL,
    delivery_error          text NULL,
    resolved_at             timestamptz NULL,
    resolved_delivered_to   text[] NOT NULL DEFAULT '{}',
    resolved_delivered_at   timestamptz NULL,
    UNIQUE (run_id, kind, instance_id, subject)
);

CREATE INDEX run_alerts_open ON run_alerts (run_id) WHERE resolved_at IS NULL;
CREATE INDEX run_alerts_pending ON run_alerts (opened_at)
    WHERE delivered_at IS NULL OR (resolved_at IS NOT NULL AND resolved_delivered_at IS NULL);
