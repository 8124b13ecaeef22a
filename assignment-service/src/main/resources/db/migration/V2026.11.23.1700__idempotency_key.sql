-- Idempotency-Key on create (DECISIONS.md, Assignments): the first successful answer to a key, per
-- calling tenant. A retry with the same key and the same request gets that answer again; the same
-- key with another request is refused (422). Written in the create's own transaction, so a key is
-- stored if and only if its assignment was; a key older than the retention may be used afresh.
CREATE TABLE idempotency_key (
    scope_tenant_id VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,   -- SHA-256 (hex) of the request as understood
    response        JSONB        NOT NULL,
    created_date    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (scope_tenant_id, idempotency_key)
);
-- the purge of expired keys
CREATE INDEX idempotency_key_created ON idempotency_key (created_date);
