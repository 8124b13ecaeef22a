package dev.entitlements.entitlement.settings.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A solution-token feature and its defaults. */
@Entity
@Table(name = "usage_feature")
public class UsageFeature {

    @Id
    @Column(name = "feature_type")
    public String featureType;

    @Column(name = "feature_name")
    public String featureName;

    @Column(name = "default_max_quantity")
    public int defaultMaxQuantity;

    @Column(name = "license_token")
    public int licenseToken;

    @Column(name = "feature_cost_unit")
    public String featureCostUnit;

    @Column(name = "feature_unit")
    public String featureUnit;
}
