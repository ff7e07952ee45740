-- The durable runtime: instances, their journal, what they wait on, the signal inbox, effects and the clock.

CREATE TABLE workflow_instances (
    id                  uuid PRIMARY KEY,
    definition_id       text NOT NULL,
    definition_version  int NOT NULL,
    status              text NOT NULL CHECK (status IN ('running', 'waiting', 'completed', 'faulted', 'cancelled')),
    current_step        text NULL,
    -- How many steps this instance has completed: with the step id it makes side-effect keys deterministic.
    step_count          int NOT NULL DEFAULT 0,
    attempt             int NOT NULL DEFAULT 0,
    variables           jsonb NOT NULL DEFAULT '{}',
    -- What resumed the current (waiting) step: the consumed bookmark and its payload.
    resume              jsonb NULL,
    parent_id           uuid NULL REFERENCES workflow_instances (id),
    correlation_key     text NULL,
    outcome             text NULL,
    incident            jsonb NULL,
    -- Runnable when run_after is set and due; a node owns it while its lease has not expired.
    run_after           timestamptz NULL,
    lease_owner         text NULL,
    lease_expires_at    timestamptz NULL,
    revision            bigint NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    completed_at        timestamptz NULL
);

CREATE INDEX workflow_instances_runnable ON workflow_instances (run_after) WHERE run_after IS NOT NULL;
CREATE INDEX workflow_instances_definition ON workflow_instances (definition_id, status);
CREATE INDEX workflow_instances_correlation ON workflow_instances (correlation_key) WHERE correlation_key IS NOT NULL;
CREATE INDEX workflow_instances_parent ON workflow_instances (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE workflow_journal (
    id           bigserial PRIMARY KEY,
    instance_id  uuid NOT NULL REFERENCES workflow_instances (id),
    at           timestamptz NOT NULL,
    kind         text NOT NULL,
    step_id      text NULL,
    actor        text NULL,
    data         jsonb NULL
);

CREATE INDEX workflow_journal_instance ON workflow_journal (instance_id, id);

-- What an instance waits on. A bookmark is consumed exactly once (consumed_at set under a row lock); the bookmarks of
-- one wait share a wait_id, and consuming one cancels the others (a signal beats its timeout, or the reverse).
CREATE TABLE workflow_bookmarks (
    id            uuid PRIMARY KEY,
    instance_id   uuid NOT NULL REFERENCES workflow_instances (id),
    wait_id       uuid NOT NULL,
    step_id       text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('timer', 'signal', 'children')),
    signal_name   text NULL,
    correlation_key text NULL,
    due_at        timestamptz NULL,
    created_at    timestamptz NOT NULL,
    consumed_at   timestamptz NULL,
    consumed_by   text NULL
);

CREATE INDEX workflow_bookmarks_active_signal ON workflow_bookmarks (signal_name, correlation_key, created_at) WHERE consumed_at IS NULL AND kind = 'signal';
CREATE INDEX workflow_bookmarks_active_timer ON workflow_bookmarks (due_at) WHERE consumed_at IS NULL AND kind = 'timer';
CREATE INDEX workflow_bookmarks_instance ON workflow_bookmarks (instance_id) WHERE consumed_at IS NULL;

-- Signals are stored first (deduplicated by their delivery key), acknowledged, then matched to a bookmark. One that
-- finds no bookmark stays pending and is taken by the next bookmark with its name and key.
CREATE TABLE workflow_inbox (
    id              uuid PRIMARY KEY,
    delivery_key    text NOT NULL UNIQUE,
    signal_name     text NOT NULL,
    correlation_key text NOT NULL,
    payload         jsonb NULL,
    actor           text NULL,
    received_at     timestamptz NOT NULL,
    consumed_at     timestamptz NULL,
    consumed_by     uuid NULL
);

CREATE INDEX workflow_inbox_pending ON workflow_inbox (signal_name, correlation_key, received_at) WHERE consumed_at IS NULL;

-- Completed side effects by idempotency key: a step retried after a crash finds what it already did.
CREATE TABLE workflow_effects (
    key          text PRIMARY KEY,
    instance_id  uuid NOT NULL REFERENCES workflow_instances (id),
    result       jsonb NULL,
    recorded_at  timestamptz NOT NULL
);

-- The test activity RecordEffect writes here, as an outside system that deduplicates by key would.
CREATE TABLE recorded_effects (
    key          text PRIMARY KEY,
    instance_id  uuid NOT NULL,
    executions   int NOT NULL DEFAULT 1,
    recorded_at  timestamptz NOT NULL
);

-- The scaled clock's epoch (Clock__Speed): kept so a restart continues and never goes back, and every node agrees.
CREATE TABLE service_clock (
    id               int PRIMARY KEY CHECK (id = 1),
    speed            double precision NOT NULL,
    real_start       timestamptz NOT NULL,
    simulated_start  timestamptz NOT NULL
);
