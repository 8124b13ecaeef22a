package dev.entitlements.reporting.usage.repository;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One day's device-usage snapshot of a tenant for a license type and device type. */
@Entity
@Table(name = "device_usage")
public class DeviceUsage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "license_type")
    public String licenseType;

    @Column(name = "device_type")
    public String deviceType;

    @Column(name = "usage_date")
    public LocalDate usageDate;

    @Column(name = "device_count")
    public int deviceCount;

    @Column(name = "used_quantity")
    public int usedQuantity;

    @Column(name = "reported_at")
    public Instant reportedAt;
}
