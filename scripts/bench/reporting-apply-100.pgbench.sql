-- The same upserts as reporting-apply-1.pgbench.sql for 100 assignment.created.v1 events per
-- transaction, each table written by one statement, the steps summed per key first (as the
-- service's batch does). The 100 events are generated from :base alike in every statement.
-- Runs on the service's own tables after its migrations.
--   pgbench -n -M extended -c 1 -T S -D providers=1000 -f reporting-apply-100.pgbench.sql
\set base random(10000000, 90000000)
BEGIN;
INSERT INTO processed_event (consumer, event_id, event_type)
  SELECT 'pgbench', gen_random_uuid()::text, 'assignment.created.v1' FROM generate_series(1, 100) ON CONFLICT DO NOTHING;
INSERT INTO report_assignment (id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date, expiration_date,
                               revoked_date, event_time)
  SELECT id, 'bench-' || p, 'bench-' || p || '-c' || c, 'APSW', false, 1, date_trunc('day', now()),
         date_trunc('day', now()) + days * INTERVAL '1 day' - INTERVAL '1 second', NULL, now()
    FROM (SELECT :base::bigint * 100 + g AS id, abs(hashint8(:base::bigint * 100 + g)) % :providers AS p,
                 abs(hashint8(:base::bigint * 100 + g + 7)) % 5 AS c, 30 + abs(hashint8(:base::bigint * 100 + g + 13)) % 300 AS days
            FROM generate_series(1, 100) g) e ORDER BY id
  ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, revoked_date = EXCLUDED.revoked_date, event_time = EXCLUDED.event_time;
INSERT INTO license_step AS s (tenant_id, license_type, trial, kind, cause, at, delta)
  WITH e AS (SELECT abs(hashint8(:base::bigint * 100 + g)) % :providers AS p, abs(hashint8(:base::bigint * 100 + g + 7)) % 5 AS c,
                    30 + abs(hashint8(:base::bigint * 100 + g + 13)) % 300 AS days FROM generate_series(1, 100) g)
  SELECT tenant, 'APSW', false, kind, cause, at, sum(delta) FROM (
      SELECT 'bench-' || p AS tenant, 'ASSIGNED' AS kind, 'START' AS cause, date_trunc('day', now()) AS at, 1 AS delta FROM e
      UNION ALL SELECT 'bench-' || p, 'ASSIGNED', 'EXPIRY', date_trunc('day', now()) + days * INTERVAL '1 day' - INTERVAL '999999 microseconds', -1 FROM e
      UNION ALL SELECT 'bench-' || p || '-c' || c, 'RECEIVED', 'START', date_trunc('day', now()), 1 FROM e
      UNION ALL SELECT 'bench-' || p || '-c' || c, 'RECEIVED', 'EXPIRY', date_trunc('day', now()) + days * INTERVAL '1 day' - INTERVAL '999999 microseconds', -1 FROM e
  ) x GROUP BY tenant, kind, cause, at ORDER BY tenant, kind, cause, at
  ON CONFLICT (tenant_id, license_type, trial, kind, cause, at) DO UPDATE SET delta = s.delta + EXCLUDED.delta;
END;
