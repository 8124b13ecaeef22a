-- Attention notes: notices for a tenant's administrators, projected from attention.events. A note
-- raised again with the same id replaces the earlier one. Status (FUTURE/VALID/EXPIRED) is derived
-- from start and end at read time, never stored.
CREATE TABLE attention_note (
    tenant_id     VARCHAR(64)  NOT NULL,
    id            VARCHAR(200) NOT NULL,   -- noteId of the event: stable per notice
    type          VARCHAR(32)  NOT NULL,
    tenant_type   VARCHAR(16)  NOT NULL,
    license_type  VARCHAR(32),
    license_check BOOLEAN      NOT NULL,   -- asks the administrator to check licenses (not e.g. a sync failure)
    summary       TEXT         NOT NULL,
    details       TEXT,
    start_date    TIMESTAMPTZ  NOT NULL,
    end_date      TIMESTAMPTZ,
    created_date  TIMESTAMPTZ  NOT NULL,
    updated_date  TIMESTAMPTZ  NOT NULL,
    event_time    TIMESTAMPTZ  NOT NULL,   -- time of the last event applied: older ones are ignored
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX attention_note_page_start ON attention_note (tenant_id, start_date, id);
