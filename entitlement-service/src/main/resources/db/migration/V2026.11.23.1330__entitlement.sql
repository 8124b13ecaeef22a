-- The entitlement read model: what each tenant owns, projected from entitlement.events (and later
-- the licenses it received by assignment). Rebuildable: delete the rows and processed_event of the
-- consumer, replay the topic, and the same rows come back (ids derive from tenant + external id).
CREATE TABLE entitlement (
    id                  VARCHAR(36)  PRIMARY KEY,
    tenant_id           VARCHAR(64)  NOT NULL,
    account_id          VARCHAR(100),            -- the licensing account (entitlementId of the event)
    external_id         VARCHAR(100) NOT NULL,
    sku                 VARCHAR(100) NOT NULL,
    license_type        VARCHAR(32)  NOT NULL,
    device_type         VARCHAR(32),
    device_sub_type     VARCHAR(32),
    trial               BOOLEAN      NOT NULL,
    r1_sku              BOOLEAN      NOT NULL,
    usage_type          VARCHAR(16)  NOT NULL CHECK (usage_type IN ('SELF', 'ASSIGNED')),
    assigned_license    BOOLEAN      NOT NULL DEFAULT FALSE,
    quantity            INTEGER      NOT NULL,
    effective_date      TIMESTAMPTZ  NOT NULL,
    expiration_date     TIMESTAMPTZ  NOT NULL,   -- 23:59:59 UTC of the expiry day
    sku_tier            VARCHAR(32),
    courtesy            BOOLEAN      NOT NULL DEFAULT FALSE,
    alm                 BOOLEAN      NOT NULL DEFAULT FALSE,
    alm_activation_id   VARCHAR(100),
    alm_so_ent_quantity BIGINT,
    cancelled_date      TIMESTAMPTZ,             -- cancelled in the licensing system: no longer listed
    created_date        TIMESTAMPTZ  NOT NULL,
    updated_date        TIMESTAMPTZ  NOT NULL,
    event_time          TIMESTAMPTZ  NOT NULL,   -- time of the last event applied: older ones are ignored
    UNIQUE (tenant_id, external_id)
);
-- a page of one tenant's live entitlements in the default order (expiration, then id) is an index scan
CREATE INDEX entitlement_page_expiration ON entitlement (tenant_id, expiration_date, id) WHERE cancelled_date IS NULL;
CREATE INDEX entitlement_page_effective ON entitlement (tenant_id, effective_date, id) WHERE cancelled_date IS NULL;
