-- The audit trail (common Audit): one row per write through the API — who (subject, roles, the
-- token's tenant), for which tenant, what (action, resource, details), when and under which request
-- id — inserted in the write's own transaction together with its audit.recorded.v1 event (outbox).
-- Rows are never updated or deleted by the services. Services that write nothing keep it empty.
CREATE TABLE audit_log (
    audit_id        UUID         PRIMARY KEY,   -- also the ce_id of the event
    tenant_id       VARCHAR(64)  NOT NULL,      -- the tenant whose data changed
    actor_tenant_id VARCHAR(64),                -- the caller's own tenant (an MSP acting for a customer)
    subject         VARCHAR(200) NOT NULL,      -- the token's sub: a user or a service account
    roles           TEXT[]       NOT NULL,
    action          VARCHAR(64)  NOT NULL,      -- e.g. assignment.created
    resource_type   VARCHAR(64)  NOT NULL,
    resource_id     VARCHAR(200),
    request_id      VARCHAR(128),               -- x-request-id
    at              TIMESTAMPTZ  NOT NULL,
    details         JSONB        NOT NULL DEFAULT '{}'::jsonb
);
-- a tenant's trail, newest first
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);
