-- The keys that protect session and antiforgery cookies, shared by every node: a person signed in through one node
-- stays signed in on the others, and a restart does not sign everyone out.
CREATE TABLE data_protection_keys (
    name        text PRIMARY KEY,
    xml         text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
