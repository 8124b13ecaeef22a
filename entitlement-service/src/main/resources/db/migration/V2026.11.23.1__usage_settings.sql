-- Solution-token features whose license consumption a tenant can switch on and cap (spec §2.10),
-- and each tenant's own setting of them. A tenant without a row gets the feature's default.
CREATE TABLE usage_feature (
    feature_type         VARCHAR(40)  PRIMARY KEY,
    feature_name         VARCHAR(100) NOT NULL,
    default_max_quantity INTEGER      NOT NULL CHECK (default_max_quantity >= 0),
    license_token        INTEGER      NOT NULL CHECK (license_token > 0),
    feature_cost_unit    VARCHAR(40)  NOT NULL,
    feature_unit         VARCHAR(40)  NOT NULL
);

CREATE TABLE usage_setting (
    tenant_id    VARCHAR(64)  NOT NULL,
    feature_type VARCHAR(40)  NOT NULL REFERENCES usage_feature (feature_type),
    max_quantity INTEGER      NOT NULL CHECK (max_quantity >= 0),
    enabled      BOOLEAN      NOT NULL,
    capped       BOOLEAN      NOT NULL,
    updated_by   VARCHAR(200) NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, feature_type)
);

-- SLTN_PI_NET and its units are documented (spec §2.10); the other features' names and units are
-- inferred from the web UI (spec §7.9) and can be corrected by a later migration.
INSERT INTO usage_feature (feature_type, feature_name, default_max_quantity, license_token, feature_cost_unit, feature_unit) VALUES
    ('SLTN_PI_NET',           'Personal Identity Network', 100, 1, 'per Tunnel',      'Tunnel'),
    ('SLTN_ADAPT_POLICY',     'Adaptive Policy',           100, 1, 'per Policy',      'Policy'),
    ('SLTN_PMS_INT',          'PMS Integration',           100, 1, 'per Venue',       'Venue'),
    ('SLTN_SIS_INT',          'SIS Integration',           100, 1, 'per Venue',       'Venue'),
    ('SLTN_HYBRID_CLOUD_SEC', 'Hybrid Cloud Security',     100, 1, 'per Tunnel',      'Tunnel');
