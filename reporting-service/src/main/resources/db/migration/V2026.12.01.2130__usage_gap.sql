-- The compliance gaps reporting-service has told (COMPLIANCE_GAP attention notes): per tenant and
-- license type, how many licenses its devices use beyond those it holds, and since when. A row
-- exists only while the gap is open.
CREATE TABLE usage_gap (
    tenant_id    VARCHAR(64) NOT NULL,
    license_type VARCHAR(40) NOT NULL,
    gap          BIGINT      NOT NULL CHECK (gap > 0),
    since        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, license_type)
);
