-- Daily device-usage snapshots from topic device.usage, one row per tenant, license type,
-- device type and day; a later snapshot of the same day replaces an earlier one.
CREATE TABLE device_usage (
    id            BIGSERIAL    PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    license_type  VARCHAR(40)  NOT NULL,
    device_type   VARCHAR(40)  NOT NULL,
    usage_date    DATE         NOT NULL,
    device_count  INTEGER      NOT NULL CHECK (device_count >= 0),
    used_quantity INTEGER      NOT NULL CHECK (used_quantity >= 0),
    reported_at   TIMESTAMPTZ  NOT NULL,
    CONSTRAINT device_usage_day UNIQUE (tenant_id, license_type, usage_date, device_type)
);
