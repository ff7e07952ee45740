-- A stored delivery is claimed by one short statement and processed (GitLab calls included) with no row lock or
-- transaction open. The claim is a lease on the database's clock, renewed while the delivery is processed: a node
-- that dies mid-delivery holds it back only until the lease runs out (Runtime__LeaseDuration).
ALTER TABLE webhook_deliveries
    ADD COLUMN claimed_by       text NULL,
    ADD COLUMN claim_expires_at timestamptz NULL;
