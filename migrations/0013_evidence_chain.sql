-- The run record: every journal entry of a run (its audit instance and every child) is a link of one hash chain.
-- An entry carries its run (the root instance), its place in the run's chain, the previous entry's hash and its own:
-- SHA-256 over the canonical form documented in docs/evidence.md. Links are made by a deferred trigger, at commit,
-- after every other lock of the transaction is held, taking the runs' chain heads in run order: two transactions of
-- one run (two children appending at once) queue on the head row and form one chain, and no two can deadlock on heads.
ALTER TABLE workflow_journal
    ADD COLUMN run_id    uuid NULL,
    ADD COLUMN chain_seq bigint NULL,
    ADD COLUMN prev_hash text NULL,
    ADD COLUMN hash      text NULL;

CREATE TABLE evidence_chain_heads (
    run_id     uuid PRIMARY KEY,
    seq        bigint NOT NULL,
    head_hash  text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The canonical form of an entry: a JSON array in jsonb's text form, its data nested as stored.
CREATE FUNCTION evidence_canonical(run uuid, seq bigint, entry_id bigint, instance uuid, at timestamptz, kind text,
                                   step text, actor text, data jsonb, prev text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_array(1, run::text, seq, entry_id, instance::text,
                             to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                             kind, step, actor, data, prev)::text
$$;

-- Links every entry this transaction wrote and has not linked yet (other transactions' unlinked rows are invisible).
CREATE FUNCTION evidence_link_pending() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    current_run uuid := NULL;
    head_seq bigint;
    head text;
    link text;
BEGIN
    FOR r IN
        WITH RECURSIVE pending AS (
            SELECT id, instance_id FROM workflow_journal WHERE hash IS NULL
        ), up AS (
            SELECT p.id AS entry_id, i.id, i.parent_id FROM pending p JOIN workflow_instances i ON i.id = p.instance_id
            UNION ALL
            SELECT up.entry_id, i.id, i.parent_id FROM up JOIN workflow_instances i ON i.id = up.parent_id
        )
        SELECT j.id, up.id AS run, j.instance_id, j.at, j.kind, j.step_id, j.actor, j.data
        FROM up JOIN workflow_journal j ON j.id = up.entry_id
        WHERE up.parent_id IS NULL
        ORDER BY up.id, j.id
    LOOP
        IF current_run IS DISTINCT FROM r.run THEN
            IF current_run IS NOT NULL THEN
                UPDATE evidence_chain_heads SET seq = head_seq, head_hash = head, updated_at = clock_timestamp() WHERE run_id = current_run;
            END IF;
            current_run := r.run;
            INSERT INTO evidence_chain_heads (run_id, seq, head_hash, updated_at) VALUES (r.run, 0, '', clock_timestamp())
            ON CONFLICT (run_id) DO NOTHING;
            SELECT h.seq, NULLIF(h.head_hash, '') INTO head_seq, head FROM evidence_chain_heads h WHERE h.run_id = r.run FOR UPDATE;
        END IF;
        head_seq := head_seq + 1;
        link := encode(sha256(convert_to(
            evidence_canonical(r.run, head_seq, r.id, r.instance_id, r.at, r.kind, r.step_id, r.actor, r.data, head), 'UTF8')), 'hex');
        UPDATE workflow_journal SET run_id = r.run, chain_seq = head_seq, prev_hash = head, hash = link WHERE id = r.id;
        head := link;
    END LOOP;
    IF current_run IS NOT NULL THEN
        UPDATE evidence_chain_heads SET seq = head_seq, head_hash = head, updated_at = clock_timestamp() WHERE run_id = current_run;
    END IF;
END
$$;

CREATE FUNCTION evidence_link_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM evidence_link_pending();
    RETURN NULL;
END
$$;

CREATE INDEX workflow_journal_unlinked ON workflow_journal (id) WHERE hash IS NULL;

-- Entries written before the record existed are linked in the order they were written.
SELECT evidence_link_pending();

CREATE UNIQUE INDEX workflow_journal_chain ON workflow_journal (run_id, chain_seq);

CREATE CONSTRAINT TRIGGER workflow_journal_link AFTER INSERT ON workflow_journal
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION evidence_link_at_commit();
