-- The audit read model (ADR 0015): every audit.recorded.v1 event of audit.events, from every service,
-- one row per entry, served by GET /audit/events. The services' own audit_log tables stay where
-- they are; this is the one place the whole trail is read. Rows are inserted once (EventInbox, and
-- the entry id as key) and never updated; the retention job (AuditRetention) deletes rows older
-- than entitlement.audit.retention (400 days by default), in batches: the one deletion of recorded
-- history in the system (docs/architecture.md, Invariants).
CREATE TABLE audit_event (
    audit_id        VARCHAR(200) PRIMARY KEY,   -- auditId of the event (= its ce_id, the audit_log row id)
    tenant_id       VARCHAR(64)  NOT NULL,      -- the tenant whose data changed
    actor_tenant_id VARCHAR(64),                -- the caller's own tenant (an MSP acting for a customer)
    subject         VARCHAR(200) NOT NULL,      -- the token's sub: a user or a service account
    roles           TEXT[]       NOT NULL,
    action          VARCHAR(64)  NOT NULL,      -- e.g. assignment.created
    resource_type   VARCHAR(64)  NOT NULL,
    resource_id     VARCHAR(200),
    request_id      VARCHAR(128),               -- x-request-id
    at              TIMESTAMPTZ  NOT NULL,      -- when the write happened (the service's clock)
    details         JSONB        NOT NULL DEFAULT '{}'::jsonb,
    source          VARCHAR(200) NOT NULL       -- ce_source: the service that recorded it
);
-- a tenant's trail, newest first (the default order; ties by id), also within a time range
CREATE INDEX audit_event_tenant_at ON audit_event (tenant_id, at DESC, audit_id DESC);
-- the retention job: the oldest rows first, across tenants
CREATE INDEX audit_event_at ON audit_event (at);
