-- The trace a row was written in (ADR 0016): the W3C traceparent and tracestate of the request or
-- consumed event whose transaction added it, both null outside a trace (tracing off, a background
-- job). The relay's producer span is a child of this context, so a trace goes on across the outbox's
-- asynchronous hop. text, not a fixed width: a header of a later trace-context version must never
-- fail the business transaction. Nullable columns without a default: adding them rewrites nothing.
ALTER TABLE outbox
    ADD COLUMN traceparent TEXT,
    ADD COLUMN tracestate  TEXT;
