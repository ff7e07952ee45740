-- Which signals (by delivery key: a GitLab note, award, close or reopening, an operator's action) each instance has
-- taken, for as long as its run keeps its history. The inbox forgets consumed rows after Retention__Inbox; without
-- this ledger the reconciliation would then read old answers and closes on the issue as new. Written in the
-- transaction that consumes the signal; removed only with the run's own journal (Retention__Journal).
CREATE TABLE workflow_taken_signals (
    delivery_key  text PRIMARY KEY,
    instance_id   uuid NOT NULL REFERENCES workflow_instances (id),
    signal_name   text NOT NULL,
    taken_at      timestamptz NOT NULL
);

CREATE INDEX workflow_taken_signals_instance ON workflow_taken_signals (instance_id);

-- Signals taken before this ledger existed and still in the inbox.
INSERT INTO workflow_taken_signals (delivery_key, instance_id, signal_name, taken_at)
SELECT inbox.delivery_key, inbox.consumed_by, inbox.signal_name, inbox.consumed_at
FROM workflow_inbox inbox JOIN workflow_instances i ON i.id = inbox.consumed_by
WHERE inbox.consumed_at IS NOT NULL
ON CONFLICT (delivery_key) DO NOTHING;
