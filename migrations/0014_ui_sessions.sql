-- Sign-in sessions of the admin UI, one row per sign-in. The browser's cookie carries only the row's id; the ticket
-- (claims, and for GitLab sessions the OAuth tokens used to re-check the role) is stored here, data-protected. A
-- session is valid while its row is neither revoked (sign-out, a role lost at a re-check) nor expired; times are the
-- database's real clock, never the service's (possibly sped-up) one.
CREATE TABLE ui_sessions (
    id          uuid PRIMARY KEY,
    subject     text NOT NULL,
    username    text NOT NULL,
    ticket      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    renewed_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE INDEX ui_sessions_subject ON ui_sessions (subject);
CREATE INDEX ui_sessions_expires_at ON ui_sessions (expires_at);
