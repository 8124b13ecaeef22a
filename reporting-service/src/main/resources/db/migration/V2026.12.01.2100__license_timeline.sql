-- The reports' view of what each tenant holds, projected from entitlement.events and
-- assignment.events (ADR 0010). Each source keeps its last applied state (newest event wins);
-- license_step is the time line derived from those states: at every instant, the licenses a
-- tenant holds of a kind are the sum of the deltas at or before it.

CREATE TABLE report_entitlement (
    tenant_id       VARCHAR(64)  NOT NULL,
    external_id     VARCHAR(128) NOT NULL,
    license_type    VARCHAR(40)  NOT NULL,
    trial           BOOLEAN      NOT NULL,
    msp_pool        BOOLEAN      NOT NULL,
    courtesy        BOOLEAN      NOT NULL,
    quantity        INTEGER      NOT NULL,
    effective_date  TIMESTAMPTZ  NOT NULL,
    expiration_date TIMESTAMPTZ  NOT NULL,
    -- when the licensing system cancelled the line (the licenses count until then), else null
    cancelled_at    TIMESTAMPTZ,
    event_time      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, external_id)
);

CREATE TABLE report_assignment (
    id                 BIGINT       PRIMARY KEY,
    provider_tenant_id VARCHAR(64)  NOT NULL,
    tenant_id          VARCHAR(64)  NOT NULL,
    license_type       VARCHAR(40)  NOT NULL,
    trial              BOOLEAN      NOT NULL,
    quantity           INTEGER      NOT NULL,
    effective_date     TIMESTAMPTZ  NOT NULL,
    expiration_date    TIMESTAMPTZ  NOT NULL,
    revoked_date       TIMESTAMPTZ,
    event_time         TIMESTAMPTZ  NOT NULL
);
-- the availability calculator reads a provider's assignments of one bucket
CREATE INDEX report_assignment_provider ON report_assignment (provider_tenant_id, license_type, trial);

-- kind: OWN, OWN_COURTESY, POOL, POOL_COURTESY (purchased lines), ASSIGNED, SELF_ASSIGNED (a
-- provider's assignments), RECEIVED (a recipient's); cause: START, EXPIRY, CANCEL, REVOKE
CREATE TABLE license_step (
    tenant_id    VARCHAR(64) NOT NULL,
    license_type VARCHAR(40) NOT NULL,
    trial        BOOLEAN     NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    cause        VARCHAR(8)  NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    delta        BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, license_type, trial, kind, cause, at)
);
