-- The chart step (E, G, I) whose re-check claimed a pass. A re-check its timer resumed (nobody answered) may be served
-- by a pass of the same step that started up to Audits__RecheckWindow before it fell due, when its person still fails
-- there: one round of re-checks, falling due spread over the time the round's pings took, shares one pass, and an
-- older pass never reports anyone fixed (README "Re-checks share a pass"). Null on passes from before this column.
ALTER TABLE audit_recheck_passes ADD COLUMN step text NULL;
