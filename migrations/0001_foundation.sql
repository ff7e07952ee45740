-- Foundation: API tokens and versioned workflow definitions.

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    name         text NOT NULL,
    role         text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    token_hash   bytea NOT NULL UNIQUE,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz NULL,
    last_used_at timestamptz NULL
);

-- Every version of every definition, immutable once written. The active version of a definition is its
-- highest published version; drafts (from the designer, or a shipped file that changed while a designer
-- version was active) never run until published.
CREATE TABLE definition_versions (
    definition_id text NOT NULL,
    version       int NOT NULL,
    status        text NOT NULL CHECK (status IN ('published', 'draft')),
    origin        text NOT NULL CHECK (origin IN ('file', 'designer')),
    file_path     text NULL,
    file_hash     text NULL,
    author        text NULL,
    flagged       text NULL,
    yaml          text NOT NULL,
    definition    jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (definition_id, version)
);

CREATE INDEX definition_versions_file_hash ON definition_versions (definition_id, file_hash);
