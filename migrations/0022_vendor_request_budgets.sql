-- Request budgets shared by every node (GitLab__RequestsPerMinute, GitLab__NotesPerMinute): the next free send slot
-- of each, on the database's clock. A node reserves a slot with one statement and waits for it on its own clock; a
-- vendor's "wait until" (429 Retry-After, RateLimit-Remaining 0 with RateLimit-Reset) moves the slot for every node.
CREATE TABLE vendor_request_budgets (
    name       text PRIMARY KEY,
    next_slot  timestamptz NOT NULL
);
