-- The licenses a bucket's live assignments hold over time, as a step function: from `at` until
-- the next step, `assigned` licenses are taken. There is a step at every live assignment's start
-- and just after its end (+1 µs: ends are inclusive). A create reads only the steps of its window
-- (a handful) instead of every overlapping assignment (thousands on a busy pool), and adds its
-- quantity to them; a revoke subtracts it. Kept under the bucket's row lock, in the same
-- transaction as the assignment rows it sums, so it always equals them (AssignmentStepsTests).
CREATE TABLE bucket_step (
    provider_tenant_id VARCHAR(64) NOT NULL,
    license_type       VARCHAR(32) NOT NULL,
    trial              BOOLEAN     NOT NULL,
    at                 TIMESTAMPTZ NOT NULL,
    assigned           BIGINT      NOT NULL CHECK (assigned >= 0),
    PRIMARY KEY (provider_tenant_id, license_type, trial, at)
);

-- the steps of the assignments made before this table existed
INSERT INTO bucket_step (provider_tenant_id, license_type, trial, at, assigned)
SELECT p.provider_tenant_id, p.license_type, p.trial, p.at,
       (SELECT coalesce(sum(a.quantity), 0) FROM assignment a
         WHERE a.provider_tenant_id = p.provider_tenant_id AND a.license_type = p.license_type AND a.trial = p.trial
           AND a.revoked_date IS NULL AND a.effective_date <= p.at AND a.expiration_date + INTERVAL '1 microsecond' > p.at)
  FROM (SELECT provider_tenant_id, license_type, trial, effective_date AS at FROM assignment WHERE revoked_date IS NULL
        UNION
        SELECT provider_tenant_id, license_type, trial, expiration_date + INTERVAL '1 microsecond' FROM assignment
         WHERE revoked_date IS NULL) p;

-- the capacity check no longer reads assignments by window; the compliance check neither
DROP INDEX assignment_pool;
