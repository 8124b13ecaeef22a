-- Licenses a tenant received by assignment (assignment.events) are rows of the same read model:
-- usage SELF, assigned_license true, the provider MSP named. They carry no SKU of their own (an
-- assignment draws on a license type, not on one order line).
ALTER TABLE entitlement ALTER COLUMN sku DROP NOT NULL;
ALTER TABLE entitlement ADD COLUMN provider_tenant_id VARCHAR(64);
