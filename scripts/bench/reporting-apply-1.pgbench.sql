-- The physical reference of the reporting benchmark (BENCHMARKS.md, issue #6): what applying one
-- assignment.created.v1 must at least do in PostgreSQL, one event per transaction, sent by pgbench
-- with no service in between: record the event id, upsert the assignment's row, add its four steps
-- (the provider's ASSIGNED start and end, the recipient's RECEIVED start and end). Runs on the
-- service's own tables after its migrations.
--   pgbench -n -M extended -c 1 -T S -D providers=1000 -f reporting-apply-1.pgbench.sql
\set p random(0, :providers - 1)
\set c random(0, 4)
\set id random(1000000000, 9000000000)
\set days random(30, 330)
BEGIN;
INSERT INTO processed_event (consumer, event_id, event_type) VALUES ('pgbench', gen_random_uuid()::text, 'assignment.created.v1')
  ON CONFLICT DO NOTHING;
INSERT INTO report_assignment (id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date, expiration_date,
                               revoked_date, event_time)
  VALUES (:id, 'bench-' || :p, 'bench-' || :p || '-c' || :c, 'APSW', false, 1, date_trunc('day', now()),
          date_trunc('day', now()) + :days * INTERVAL '1 day' - INTERVAL '1 second', NULL, now())
  ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, revoked_date = EXCLUDED.revoked_date, event_time = EXCLUDED.event_time;
INSERT INTO license_step AS s (tenant_id, license_type, trial, kind, cause, at, delta) VALUES
  ('bench-' || :p, 'APSW', false, 'ASSIGNED', 'START', date_trunc('day', now()), 1),
  ('bench-' || :p, 'APSW', false, 'ASSIGNED', 'EXPIRY', date_trunc('day', now()) + :days * INTERVAL '1 day' - INTERVAL '999999 microseconds', -1),
  ('bench-' || :p || '-c' || :c, 'APSW', false, 'RECEIVED', 'START', date_trunc('day', now()), 1),
  ('bench-' || :p || '-c' || :c, 'APSW', false, 'RECEIVED', 'EXPIRY', date_trunc('day', now()) + :days * INTERVAL '1 day' - INTERVAL '999999 microseconds', -1)
  ON CONFLICT (tenant_id, license_type, trial, kind, cause, at) DO UPDATE SET delta = s.delta + EXCLUDED.delta;
END;
