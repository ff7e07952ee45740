-- GitLab webhooks: which issues belong to a run, and every delivery received (stored first, acknowledged, processed after).

-- The audit issues that runs own: only events on these become signals. Filled by the activity that creates the issue.
CREATE TABLE audit_issues (
    project_id  bigint NOT NULL,
    issue_iid   int NOT NULL,
    run_id      uuid NOT NULL,
    web_url     text NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, issue_iid)
);

CREATE INDEX audit_issues_run ON audit_issues (run_id);

-- Deliveries as received, deduplicated by GitLab's Idempotency-Key (else X-Gitlab-Event-UUID). A row with no
-- processed_at is still to be turned into signals: the processor claims it with FOR UPDATE SKIP LOCKED, so a delivery
-- left behind by a crash is picked up again (delivering its signals twice is harmless: they are deduplicated too).
CREATE TABLE webhook_deliveries (
    id            uuid PRIMARY KEY,
    delivery_key  text NOT NULL UNIQUE,
    event_type    text NOT NULL,
    project_id    bigint NULL,
    issue_iid     int NULL,
    received_at   timestamptz NOT NULL,
    processed_at  timestamptz NULL,
    -- signalled (n signals delivered), nothing (no signal in it), ignored (the issue is no run's), failed (gave up)
    outcome       text NULL CHECK (outcome IN ('signalled', 'nothing', 'ignored', 'failed')),
    signals       int NOT NULL DEFAULT 0,
    attempts      int NOT NULL DEFAULT 0,
    retry_after   timestamptz NULL,
    last_error    text NULL,
    body          text NOT NULL
);

CREATE INDEX webhook_deliveries_unprocessed ON webhook_deliveries (received_at) WHERE processed_at IS NULL;
