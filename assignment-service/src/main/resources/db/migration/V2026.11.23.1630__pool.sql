-- The provider's pools, copied from entitlement.events: the MSP bulk pools (mspPool) only, since
-- only they can be assigned. One row per order line; a cancelled line stays, marked, so a late
-- older event cannot bring it back (event_time guard).
CREATE TABLE pool (
    provider_tenant_id VARCHAR(64)  NOT NULL,
    external_id        VARCHAR(100) NOT NULL,
    license_type       VARCHAR(32)  NOT NULL,
    trial              BOOLEAN      NOT NULL,
    quantity           INTEGER      NOT NULL,
    effective_date     TIMESTAMPTZ  NOT NULL,
    expiration_date    TIMESTAMPTZ  NOT NULL,   -- 23:59:59 UTC of the expiry day, as listed
    cancelled_date     TIMESTAMPTZ,
    event_time         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (provider_tenant_id, external_id)
);
CREATE INDEX pool_bucket_lines ON pool (provider_tenant_id, license_type, trial) WHERE cancelled_date IS NULL;

-- One row per (provider, license type, trial flag): what a create locks (SELECT ... FOR UPDATE) so
-- that checks of the same bucket run one after another in every instance of the service, while
-- other buckets go on in parallel (DECISIONS.md: capacity rule; issue #5).
CREATE TABLE pool_bucket (
    provider_tenant_id VARCHAR(64) NOT NULL,
    license_type       VARCHAR(32) NOT NULL,
    trial              BOOLEAN     NOT NULL,
    PRIMARY KEY (provider_tenant_id, license_type, trial)
);
