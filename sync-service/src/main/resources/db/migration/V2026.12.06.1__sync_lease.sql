-- A running refresh is leased by the instance that runs it (owner, renewed while it runs); one
-- whose lease ran out (the instance died) is taken over by another instance, at most
-- sync.lease.max-attempts runs in all. Rows from before the lease count as expired at once.
ALTER TABLE sync_request ADD COLUMN owner VARCHAR(200);
ALTER TABLE sync_request ADD COLUMN lease_until TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE sync_request ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
CREATE INDEX sync_request_lease ON sync_request (lease_until) WHERE state IN ('QUEUED', 'RUNNING');

-- Periodic jobs that must run once per period across all replicas: the first instance to insert
-- the period's row runs it, the others see the conflict and skip.
CREATE TABLE scheduled_run (
    job          VARCHAR(64) NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    claimed_by   VARCHAR(200) NOT NULL,
    claimed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job, period_start)
);
