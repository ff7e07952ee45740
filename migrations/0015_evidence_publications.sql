-- Where each completed run's evidence pack went: uploaded to its GitLab issue and linked, with the chain's head, in a
-- note. The row is written after the note; a pass that dies before it uploads again and finds its note by marker.
CREATE TABLE evidence_publications (
    run_id       uuid PRIMARY KEY,
    head_seq     bigint NULL,
    head_hash    text NULL,
    upload_url   text NULL,
    note_id      bigint NULL,
    published_at timestamptz NOT NULL,
    -- Runs completed before packs existed are not published after the fact.
    skipped      text NULL
);

INSERT INTO evidence_publications (run_id, published_at, skipped)
SELECT r.id, now(), 'completed before evidence packs existed'
FROM audit_runs r JOIN workflow_instances i ON i.id = r.id
WHERE i.status IN ('completed', 'cancelled');
