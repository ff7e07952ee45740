-- One row per audit run. The run's id is the id of its audit workflow instance; the instance holds the progress,
-- this row holds what the runs API shows about the run itself.
CREATE TABLE audit_runs (
    id uuid PRIMARY KEY,
    audit text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('scheduled', 'manual')),
    period text NOT NULL,
    som text,
    issue_project_id bigint,
    issue_iid int,
    issue_url text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX audit_runs_by_audit ON audit_runs (audit, created_at DESC);

-- Exactly one scheduled run per audit and fiscal period; manual runs do not use up the period.
CREATE UNIQUE INDEX audit_runs_one_scheduled_per_period ON audit_runs (audit, period) WHERE kind = 'scheduled';
