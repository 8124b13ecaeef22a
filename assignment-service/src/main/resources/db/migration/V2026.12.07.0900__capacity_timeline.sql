-- The capacity timeline (POST /entitlements/capacityTimelines/query, docs/decisions.md) names the SKUs of
-- the pools that end at a cliff: the SKU comes with every entitlement event, so it is copied with the
-- line from now on. Lines copied before stay NULL until their next event (a sync republishes them);
-- the cliff still names their external ids.
ALTER TABLE pool ADD COLUMN sku VARCHAR(100);

-- The timeline reads all of a provider's live assignments of a bucket (the capacity check reads
-- bucket_step instead, and the queries go by receiving tenant). Not partial on revoked_date, so a
-- revoke, which sets it, stays a HOT update of the row.
CREATE INDEX assignment_provider_expiration ON assignment (provider_tenant_id, license_type, trial, expiration_date);
