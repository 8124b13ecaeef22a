-- The last known state of every order line of the licensing system, per tenant: what the next
-- record or refresh is compared with, so only real changes become events.
CREATE TABLE purchase (
    tenant_id   VARCHAR(64)  NOT NULL,
    external_id VARCHAR(100) NOT NULL,
    data        JSONB        NOT NULL,  -- the EntitlementData of the event contract
    cancelled   BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, external_id)
);

-- The tenant's account in the licensing system (entitlement id), learnt from its purchases:
-- what PATCH /entitlements and the periodic refresh fetch. No account yet means 417.
CREATE TABLE licensing_account (
    tenant_id      VARCHAR(64)  PRIMARY KEY,
    entitlement_id VARCHAR(100) NOT NULL,
    first_seen     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_refreshed TIMESTAMPTZ
);

-- at most one queued or running refresh per tenant: a second PATCH gets the running one's id
CREATE UNIQUE INDEX sync_request_active ON sync_request (tenant_id) WHERE state IN ('QUEUED', 'RUNNING');
