-- The physical reference of the assignment-create benchmark (BENCHMARKS.md, issue #5): what one
-- create must at least do in PostgreSQL, sent by pgbench with no service in between. Lock the
-- pool's row, insert the assignment, update the pool's capacity (here: its step function over the
-- window), insert the audit row (issue #7) and the outbox rows of both events; commit. Runs on the service's own tables after its migrations.
--   pgbench -n -M extended -c C -j 2 -T S -D first=0 -D pools=100 -f assignment-create.pgbench.sql   (many pools)
--   pgbench ... -D first=100 -D pools=1                                                              (one hot pool)
\set p :first + random(0, :pools - 1)
BEGIN;
SELECT 1 FROM pool_bucket WHERE provider_tenant_id = 'bench-' || :p AND license_type = 'APSW' AND trial = false FOR UPDATE;
INSERT INTO assignment (provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date, expiration_date, created_by)
  VALUES ('bench-' || :p, 'bench-' || :p, 'APSW', false, 1, now(),
          date_trunc('day', now()) + INTERVAL '30 days' - INTERVAL '1 second', 'pgbench');
-- the window starts now, as the service's creates do (a start today counts as now, docs/decisions.md): a
-- window from midnight would also update every start step the service's run left earlier today
UPDATE bucket_step SET assigned = assigned + 1 WHERE provider_tenant_id = 'bench-' || :p AND license_type = 'APSW' AND trial = false
   AND at >= now() AND at < date_trunc('day', now()) + INTERVAL '30 days';
-- the event as the service writes it (about the same size); built with json_build_object because
-- pgbench would read ":name" inside a JSON literal as one of its variables
INSERT INTO outbox (topic, record_key, record_value, headers) VALUES ('assignment.events', 'bench-' || :p,
  json_build_object('assignmentId', 1, 'providerTenantId', 'bench-' || :p, 'tenantId', 'bench-' || :p, 'licenseType', 'APSW',
                    'trial', false, 'quantity', 1, 'effectiveDate', '2026-11-23T00:00:00Z', 'expirationDate', '2026-12-22T23:59:59Z',
                    'createdBy', 'bench@bench', 'createdDate', '2026-11-23T18:00:00.000Z', 'revokedBy', NULL, 'revokedDate', NULL)::text,
  json_build_object('ce_id', gen_random_uuid(), 'ce_type', 'assignment.created.v1', 'ce_source', '/assignment-service',
                    'ce_time', now(), 'ce_specversion', '1.0')::jsonb);
-- the audit entry (audit_log) and its audit.recorded.v1 event, as common Audit writes them
INSERT INTO audit_log (audit_id, tenant_id, actor_tenant_id, subject, roles, action, resource_type, resource_id, request_id, at, details)
  VALUES (gen_random_uuid(), 'bench-' || :p, 'bench-' || :p, 'pgbench', ARRAY['ADMIN'], 'assignment.created', 'assignment', '1',
          gen_random_uuid()::text, now(),
          json_build_object('recipientTenantId', 'bench-' || :p, 'licenseType', 'APSW', 'trial', false, 'quantity', 1,
                            'effectiveDate', '2026-11-23T00:00:00Z', 'expirationDate', '2026-12-22T23:59:59Z')::jsonb);
INSERT INTO outbox (topic, record_key, record_value, headers) VALUES ('audit.events', 'bench-' || :p,
  json_build_object('auditId', gen_random_uuid(), 'tenantId', 'bench-' || :p, 'actorTenantId', 'bench-' || :p, 'subject', 'pgbench',
                    'roles', json_build_array('ADMIN'), 'action', 'assignment.created', 'resourceType', 'assignment', 'resourceId', '1',
                    'requestId', gen_random_uuid(), 'at', now(),
                    'details', json_build_object('recipientTenantId', 'bench-' || :p, 'licenseType', 'APSW', 'trial', false,
                                                 'quantity', 1, 'effectiveDate', '2026-11-23T00:00:00Z',
                                                 'expirationDate', '2026-12-22T23:59:59Z'))::text,
  json_build_object('ce_id', gen_random_uuid(), 'ce_type', 'audit.recorded.v1', 'ce_source', '/assignment-service',
                    'ce_time', now(), 'ce_specversion', '1.0')::jsonb);
END;
