package dev.entitlements.entitlement.entitlements.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.messaging.EntitlementEvents;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.EntitlementData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes entitlement events into the read model, in the caller's (inbox) transaction. Each row
 * remembers the time of the last event applied to it and ignores older ones, so a redelivery
 * after a restart, or events of one line arriving out of order, leave the newest state.
 */
@ApplicationScoped
public class EntitlementProjection implements EntitlementEvents.Projection {

    private static final String COLUMNS =
            "id, tenant_id, account_id, external_id, sku, license_type, device_type, device_sub_type,"
                    + " trial, r1_sku, usage_type, quantity, effective_date, expiration_date, sku_tier, courtesy, alm, alm_activation_id,"
                    + " alm_so_ent_quantity, cancelled_date, assigned_license, provider_tenant_id, created_date, updated_date, event_time";
    private static final String VALUES =
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
                    + " $19, $20, $21, $22, $23, $23, $23) ON CONFLICT (tenant_id, external_id) DO UPDATE SET ";
    private static final String TERMS =
            "account_id = EXCLUDED.account_id, sku = EXCLUDED.sku, license_type = EXCLUDED.license_type,"
                    + " device_type = EXCLUDED.device_type, device_sub_type = EXCLUDED.device_sub_type, trial = EXCLUDED.trial,"
                    + " r1_sku = EXCLUDED.r1_sku, usage_type = EXCLUDED.usage_type, quantity = EXCLUDED.quantity,"
                    + " effective_date = EXCLUDED.effective_date, expiration_date = EXCLUDED.expiration_date,"
                    + " sku_tier = EXCLUDED.sku_tier, courtesy = EXCLUDED.courtesy, alm = EXCLUDED.alm,"
                    + " alm_activation_id = EXCLUDED.alm_activation_id, alm_so_ent_quantity = EXCLUDED.alm_so_ent_quantity,"
                    + " assigned_license = EXCLUDED.assigned_license, provider_tenant_id = EXCLUDED.provider_tenant_id, ";
    private static final String NEWER = " WHERE entitlement.event_time <= EXCLUDED.event_time";

    /** Purchased or changed: the row takes the event's terms (and is live again if it was cancelled). */
    @Override
    public Uni<Void> upsert(SqlConnection tx, EntitlementData e, Instant eventTime) {
        return write(tx, TERMS + "cancelled_date = NULL", row(e, null, eventTime, null));
    }

    /** Licenses received by assignment: listed among the recipient's own (SELF) until revoked. */
    public Uni<Void> receive(SqlConnection tx, AssignmentData a, Instant eventTime) {
        return write(tx, TERMS + "cancelled_date = NULL", row(received(a), null, eventTime, a.providerTenantId()));
    }

    /** An assignment revoked: the received licenses are no longer listed; a revoke seen first creates the row revoked. */
    public Uni<Void> release(SqlConnection tx, AssignmentData a, Instant eventTime) {
        return write(
                tx,
                "cancelled_date = EXCLUDED.event_time",
                row(received(a), eventTime, eventTime, a.providerTenantId()));
    }

    private static Uni<Void> write(SqlConnection tx, String onConflict, Tuple row) {
        return tx.preparedQuery("INSERT INTO entitlement (" + COLUMNS + ")" + VALUES + onConflict
                        + ", updated_date = EXCLUDED.event_time, event_time = EXCLUDED.event_time" + NEWER)
                .execute(row)
                .replaceWithVoid();
    }

    /** Cancelled: the row stays (its id, its history) but is no longer listed; a cancel seen first creates it cancelled. */
    @Override
    public Uni<Void> cancel(SqlConnection tx, EntitlementData e, Instant eventTime) {
        return write(tx, "cancelled_date = EXCLUDED.event_time", row(e, eventTime, eventTime, null));
    }

    /** The id of a tenant's order line: the same on every replay, so a rebuilt read model is the same read model. */
    public static String idOf(String tenantId, String externalId) {
        return UUID.nameUUIDFromBytes((tenantId + '\u0000' + externalId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** An assignment as the recipient's entitlement: no order line, no SKU; its id is the assignment's. */
    private static EntitlementData received(AssignmentData a) {
        return new EntitlementData(
                a.tenantId(),
                null,
                "assignment:" + a.assignmentId(),
                null,
                a.licenseType(),
                a.licenseType(),
                null,
                a.trial(),
                true,
                false,
                a.quantity(),
                a.effectiveDate(),
                a.expirationDate(),
                null,
                false,
                false,
                null,
                null);
    }

    /** @param provider the MSP that assigned the licenses, or null for a purchase */
    private static Tuple row(EntitlementData e, Instant cancelled, Instant eventTime, String provider) {
        return Tuple.from(Arrays.asList(
                idOf(e.tenantId(), e.externalId()),
                e.tenantId(),
                e.entitlementId(),
                e.externalId(),
                e.sku(),
                e.licenseType(),
                e.deviceType(),
                e.deviceSubType(),
                e.trial(),
                e.r1Sku(),
                e.mspPool() ? "ASSIGNED" : "SELF",
                e.quantity(),
                timestamptz(e.effectiveDate()),
                timestamptz(Dates.endOfDay(e.expirationDate())),
                e.skuTier(),
                e.courtesy(),
                e.alm(),
                e.almActivationId(),
                e.almSoEntQuantity(),
                timestamptz(cancelled),
                provider != null,
                provider,
                timestamptz(eventTime)));
    }
}
