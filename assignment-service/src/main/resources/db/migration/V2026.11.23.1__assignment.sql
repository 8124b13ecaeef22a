-- Assignments: licenses of a provider's (MSP's) pool handed to a tenant, the provider itself
-- for a self assignment. Rows are never deleted: a revoke sets revoked_date and revoked_by.
-- Status is derived at read time (common Lifecycle), never stored.
CREATE TABLE assignment (
    id                 BIGSERIAL    PRIMARY KEY,
    provider_tenant_id VARCHAR(64)  NOT NULL,
    tenant_id          VARCHAR(64)  NOT NULL,
    license_type       VARCHAR(40)  NOT NULL,
    trial              BOOLEAN      NOT NULL DEFAULT FALSE,
    quantity           INTEGER      NOT NULL CHECK (quantity > 0),
    effective_date     TIMESTAMPTZ  NOT NULL,
    expiration_date    TIMESTAMPTZ  NOT NULL,
    created_by         VARCHAR(200) NOT NULL,
    created_date       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked_by         VARCHAR(200),
    revoked_date       TIMESTAMPTZ,
    CONSTRAINT assignment_window CHECK (effective_date < expiration_date),
    CONSTRAINT assignment_revoke CHECK ((revoked_by IS NULL) = (revoked_date IS NULL))
);
-- the capacity check reads a provider's pool by license type and trial flag
CREATE INDEX assignment_pool ON assignment (provider_tenant_id, license_type, trial, effective_date, expiration_date);
-- queries list one tenant's assignments sorted by a date
CREATE INDEX assignment_tenant_expiration ON assignment (tenant_id, expiration_date, id);
CREATE INDEX assignment_tenant_effective ON assignment (tenant_id, effective_date, id);
