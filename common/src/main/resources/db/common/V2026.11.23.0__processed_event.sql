-- Events each consumer has applied (EventInbox). Inserted in the same transaction as the
-- projection change, so a redelivered event is recognised and skipped.
-- Shipped by the common module: every service lists db/common in quarkus.flyway.locations.
-- Versions are dates (VYYYY.MM.DD.n) in both db/common and db/migration so the two interleave in order.
CREATE TABLE processed_event (
    consumer     VARCHAR(100) NOT NULL,
    event_id     VARCHAR(100) NOT NULL,
    event_type   VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
