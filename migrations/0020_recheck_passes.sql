-- Re-checks that fall due together share one vendor pass (README "Re-checks share a pass"). A pass serves an item's
-- re-check only when it started, on the database's clock, at or after the moment the item's re-check became due: the
-- consumption of the bookmark (the answer, or the timer) that resumed it. Both times are the database's, so a node
-- whose clock runs ahead or behind cannot make an older pass look fresh.
ALTER TABLE workflow_bookmarks ADD COLUMN consumed_on_db timestamptz NULL;

CREATE FUNCTION workflow_bookmarks_stamp_consumed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.consumed_on_db := clock_timestamp();
    RETURN NEW;
END
$$;

CREATE TRIGGER workflow_bookmarks_consumed_on_db
    BEFORE UPDATE OF consumed_at ON workflow_bookmarks
    FOR EACH ROW WHEN (OLD.consumed_at IS NULL AND NEW.consumed_at IS NOT NULL)
    EXECUTE FUNCTION workflow_bookmarks_stamp_consumed();

-- A bookmark inserted already consumed (a pending signal taken as its wait is written).
CREATE TRIGGER workflow_bookmarks_inserted_consumed_on_db
    BEFORE INSERT ON workflow_bookmarks
    FOR EACH ROW WHEN (NEW.consumed_at IS NOT NULL)
    EXECUTE FUNCTION workflow_bookmarks_stamp_consumed();

-- One row per vendor pass run for a run's re-checks. Claimed under a transaction-scoped advisory lock on the run (held
-- only for the claim, never across the vendor calls); a claimer that dies stops renewing lease_expires_at, and the
-- next re-check claims a pass of its own. findings is null while the pass runs, and again once it is too old to serve.
CREATE TABLE audit_recheck_passes (
    id                uuid PRIMARY KEY,
    run_id            uuid NOT NULL,
    audit             text NOT NULL,
    started_at        timestamptz NOT NULL,
    claimed_by        text NOT NULL,
    lease_expires_at  timestamptz NOT NULL,
    finished_at       timestamptz NULL,
    findings          jsonb NULL,
    team_version      jsonb NULL,
    served            int NOT NULL DEFAULT 0
);

CREATE INDEX audit_recheck_passes_run ON audit_recheck_passes (run_id, started_at);
