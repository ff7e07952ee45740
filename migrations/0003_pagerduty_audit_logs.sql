-- Seed 004: PagerDuty audit records, collected every minute, and the health of each collected source.

-- One row per PagerDuty audit record, keyed by PagerDuty's record id: re-reading an overlapping window inserts nothing.
-- A malformed record is kept raw (malformed = true) under an id derived from its text when it has none of its own.
CREATE TABLE pagerduty_audit_logs (
    id                      text PRIMARY KEY,
    execution_time          timestamptz NULL,
    action                  text NULL,
    actors                  jsonb NULL,
    method_type             text NULL,
    method_truncated_token  text NULL,
    root_resource_id        text NULL,
    root_resource_type      text NULL,
    root_resource_summary   text NULL,
    request_id              text NULL,
    remote_address          text NULL,
    details                 jsonb NULL,
    raw                     jsonb NOT NULL,
    malformed               boolean NOT NULL DEFAULT false,
    collected_at            timestamptz NOT NULL
);

CREATE INDEX pagerduty_audit_logs_time ON pagerduty_audit_logs (execution_time DESC, id);
CREATE INDEX pagerduty_audit_logs_root_resource ON pagerduty_audit_logs (root_resource_type, execution_time DESC);

-- The collector's saved position and the source's health. Real-time columns (the vendor's clock) and service-clock
-- columns are named apart: the service clock may run faster in the sandbox.
CREATE TABLE source_status (
    name                    text PRIMARY KEY,
    status                  text NOT NULL CHECK (status IN ('healthy', 'stale', 'failing', 'misconfigured')),
    reason                  text NULL,
    -- Every record executed before this instant (vendor time) is stored; advanced only when a pass completes.
    collected_until         timestamptz NULL,
    -- Hash of the settings that were refused (401/403/402): no calls until they change.
    blocked_settings        text NULL,
    last_pass_started_real  timestamptz NULL,
    last_successful_poll    timestamptz NULL,
    last_record_time        timestamptz NULL,
    last_record_arrived_at  timestamptz NULL,
    records_stored          bigint NOT NULL DEFAULT 0,
    malformed_records       bigint NOT NULL DEFAULT 0,
    failed_passes           int NOT NULL DEFAULT 0,
    notified_status         text NOT NULL DEFAULT 'healthy',
    started_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);

-- One row per status change worth telling people about (became stale/failing/misconfigured, recovered).
-- Delivery is at-least-once with the row's key as the Slack idempotency key.
CREATE TABLE source_notifications (
    id              bigserial PRIMARY KEY,
    source          text NOT NULL,
    from_status     text NOT NULL,
    to_status       text NOT NULL,
    message         text NOT NULL,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz NULL,
    delivered_to    text[] NOT NULL DEFAULT '{}',
    delivery_error  text NULL
);

CREATE INDEX source_notifications_pending ON source_notifications (source) WHERE delivered_at IS NULL;
