-- Linking is set-based. Before, a commit that wrote n journal entries ran the linking query n times (the trigger is a
-- deferred row trigger) and linked entry by entry, four statements each: a sweep of 200 due timers, 200 runs with one
-- entry each, spent most of its commit there. Now the first firing links every pending entry of the transaction in
-- three statements, a recursive query walking each run's new entries in order, and the later firings return at once.
-- The links themselves (canonical form, order, heads taken in run order) are unchanged.
CREATE OR REPLACE FUNCTION evidence_link_pending() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    entries bigint[];
    runs uuid[];
BEGIN
    WITH RECURSIVE pending AS (
        SELECT id, instance_id FROM workflow_journal WHERE hash IS NULL
    ), up AS (
        SELECT p.id AS entry_id, i.id, i.parent_id FROM pending p JOIN workflow_instances i ON i.id = p.instance_id
        UNION ALL
        SELECT up.entry_id, i.id, i.parent_id FROM up JOIN workflow_instances i ON i.id = up.parent_id
    )
    SELECT array_agg(entry_id ORDER BY id, entry_id), array_agg(id ORDER BY id, entry_id) INTO entries, runs
    FROM up WHERE parent_id IS NULL;
    IF entries IS NULL THEN
        RETURN;
    END IF;

    INSERT INTO evidence_chain_heads (run_id, seq, head_hash, updated_at)
    SELECT DISTINCT run, 0, '', clock_timestamp() FROM unnest(runs) AS run ORDER BY run
    ON CONFLICT (run_id) DO NOTHING;
    PERFORM 1 FROM evidence_chain_heads WHERE run_id = ANY (runs) ORDER BY run_id FOR UPDATE;

    WITH RECURSIVE pending AS (
        SELECT e.entry_id, e.run, row_number() OVER (PARTITION BY e.run ORDER BY e.entry_id) AS n
        FROM unnest(entries, runs) AS e (entry_id, run)
    ), chain AS (
        SELECT p.run, p.n, p.entry_id, h.seq + 1 AS seq, NULLIF(h.head_hash, '') AS prev,
               encode(sha256(convert_to(evidence_canonical(p.run, h.seq + 1, j.id, j.instance_id, j.at, j.kind, j.step_id, j.actor,
                                                           j.data, NULLIF(h.head_hash, '')), 'UTF8')), 'hex') AS hash
        FROM pending p JOIN evidence_chain_heads h ON h.run_id = p.run JOIN workflow_journal j ON j.id = p.entry_id
        WHERE p.n = 1
        UNION ALL
        SELECT p.run, p.n, p.entry_id, c.seq + 1, c.hash,
               encode(sha256(convert_to(evidence_canonical(p.run, c.seq + 1, j.id, j.instance_id, j.at, j.kind, j.step_id, j.actor,
                                                           j.data, c.hash), 'UTF8')), 'hex')
        FROM chain c JOIN pending p ON p.run = c.run AND p.n = c.n + 1 JOIN workflow_journal j ON j.id = p.entry_id
    ), linked AS (
        UPDATE workflow_journal j SET run_id = c.run, chain_seq = c.seq, prev_hash = c.prev, hash = c.hash
        FROM chain c WHERE j.id = c.entry_id
    )
    UPDATE evidence_chain_heads h SET seq = last.seq, head_hash = last.hash, updated_at = clock_timestamp()
    FROM (SELECT DISTINCT ON (run) run, seq, hash FROM chain ORDER BY run, n DESC) AS last
    WHERE h.run_id = last.run;
END
$$;

CREATE OR REPLACE FUNCTION evidence_link_at_commit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM workflow_journal WHERE id = NEW.id AND hash IS NULL) THEN
        PERFORM evidence_link_pending();
    END IF;
    RETURN NULL;
END
$$;
