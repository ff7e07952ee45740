-- Which kind of service owns this database: the sandbox (simulated vendors) or production (real ones). Written by the
-- first start; a start in the other mode is refused, so nothing started in the sandbox can resume against real vendors.
CREATE TABLE service_mode (
    id     int PRIMARY KEY CHECK (id = 1),
    mode   text NOT NULL CHECK (mode IN ('sandbox', 'production')),
    since  timestamptz NOT NULL
);
