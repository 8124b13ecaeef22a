package dev.entitlements.assignment.assignments.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Licenses of a provider's pool handed to a tenant for a time window. */
@Entity
@Table(name = "assignment")
public class Assignment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "provider_tenant_id")
    public String providerTenantId;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "license_type")
    public String licenseType;

    public boolean trial;

    public int quantity;

    @Column(name = "effective_date")
    public Instant effectiveDate;

    @Column(name = "expiration_date")
    public Instant expirationDate;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_date")
    public Instant createdDate;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "revoked_date")
    public Instant revokedDate;
}
