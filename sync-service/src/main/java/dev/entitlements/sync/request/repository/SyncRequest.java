package dev.entitlements.sync.request.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A refresh of one tenant's purchases from the licensing system. */
@Entity
@Table(name = "sync_request")
public class SyncRequest {

    @Id
    public UUID id;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "refresh_type")
    public String refreshType;

    /** QUEUED, RUNNING, SUCCEEDED or FAILED. */
    public String state;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public int purchased;

    public int changed;

    public int cancelled;

    @Column(name = "failure_reason")
    public String failureReason;
}
