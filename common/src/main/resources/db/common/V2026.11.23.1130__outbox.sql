-- The transactional outbox (common Outbox / OutboxRelay): a state change and the records that
-- announce it are written in one transaction; the relay publishes the rows to Kafka in seq order
-- with an idempotent producer and deletes them once Kafka acknowledged them. A row here is a
-- record not yet published; Kafka is the history.
CREATE TABLE outbox (
    seq          BIGSERIAL    PRIMARY KEY,
    topic        VARCHAR(200) NOT NULL,
    record_key   VARCHAR(200),
    record_value TEXT         NOT NULL,
    headers      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
