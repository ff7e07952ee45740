-- Operations: the trace context that carries a webhook's trace through the stored rows to the step it resumes.
-- W3C traceparent strings ("00-<trace id>-<span id>-<flags>"); NULL when nothing was tracing.
ALTER TABLE webhook_deliveries ADD COLUMN trace_parent text NULL;
ALTER TABLE workflow_inbox ADD COLUMN trace_parent text NULL;

-- The retention purge looks for finished instances by age and processed inbox rows by age.
CREATE INDEX workflow_instances_finished ON workflow_instances (completed_at) WHERE status IN ('completed', 'cancelled');
CREATE INDEX workflow_inbox_consumed ON workflow_inbox (consumed_at) WHERE consumed_at IS NOT NULL;
