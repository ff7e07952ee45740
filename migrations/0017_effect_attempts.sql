-- A side effect's attempt is written, in its own transaction, right before the call to the outside system. A first
-- attempt (no row yet) posts directly; only a retry after an attempt that may have reached the outside looks for what
-- that attempt left (a GitLab note's hidden marker) before acting again.
CREATE TABLE workflow_effect_attempts (
    key          text PRIMARY KEY,
    instance_id  uuid NOT NULL REFERENCES workflow_instances (id),
    started_at   timestamptz NOT NULL
);

CREATE INDEX workflow_effect_attempts_instance ON workflow_effect_attempts (instance_id);
