-- Synchronization requests (PATCH /entitlements) and their progress, readable through
-- GET /entitlements/syncRequests/{requestId}.
CREATE TABLE sync_request (
    id             UUID         PRIMARY KEY,
    tenant_id      VARCHAR(64)  NOT NULL,
    refresh_type   VARCHAR(16)  NOT NULL,
    state          VARCHAR(16)  NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    requested_by   VARCHAR(200) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    purchased      INTEGER      NOT NULL DEFAULT 0,
    changed        INTEGER      NOT NULL DEFAULT 0,
    cancelled      INTEGER      NOT NULL DEFAULT 0,
    failure_reason TEXT
);
CREATE INDEX sync_request_tenant ON sync_request (tenant_id, created_at DESC);
