-- Deliveries of one issue are processed in the order GitLab sent them, one at a time, while different issues' go in
-- parallel: a claim skips a delivery while an earlier one of its issue is unprocessed. This index answers that.
CREATE INDEX webhook_deliveries_unprocessed_by_issue ON webhook_deliveries (project_id, issue_iid, received_at, id)
    WHERE processed_at IS NULL;
