-- The transactional outbox (common Outbox / OutboxRelay): a state change and the records that
-- announce it are written in one transaction; the relay publishes unsent rows to Kafka in seq
-- order with an idempotent producer and marks them sent. Sent rows are purged after a day.
CREATE TABLE outbox (
    seq          BIGSERIAL    PRIMARY KEY,
    topic        VARCHAR(200) NOT NULL,
    record_key   VARCHAR(200),
    record_value TEXT         NOT NULL,
    headers      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at      TIMESTAMPTZ
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
