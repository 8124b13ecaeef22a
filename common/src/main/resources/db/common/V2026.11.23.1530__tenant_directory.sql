-- The tenant directory: which tenants exist, their type and which MSP manages each, projected from
-- tenant.events (TenantDirectory). A service reads it to let an MSP act for a customer it manages
-- (x-rks-tenantid) and to check customer-tenant paths. Services that do not consume tenant.events
-- keep it empty.
CREATE TABLE tenant_directory (
    tenant_id   VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    tenant_type VARCHAR(32)  NOT NULL,
    managed_by  VARCHAR(64),
    event_time  TIMESTAMPTZ  NOT NULL   -- time of the last event applied: older ones are ignored
);
CREATE INDEX tenant_directory_managed_by ON tenant_directory (managed_by) WHERE managed_by IS NOT NULL;
