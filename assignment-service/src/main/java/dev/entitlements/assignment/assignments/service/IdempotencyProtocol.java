package dev.entitlements.assignment.assignments.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.assignment.assignments.repository.IdempotencyKeys;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} of a create (docs/decisions.md): a retry with the key gets the first
 * answer instead of a second assignment, the same key with another request a 422. The create holds
 * the key ({@link #hold}) and saves its answer ({@link #save}) in its own transaction.
 */
@ApplicationScoped
public class IdempotencyProtocol {

    /** The header a client names a create with, so that a retry does not assign twice (docs/decisions.md). */
    public static final String HEADER = "Idempotency-Key";

    private static final int MAX_KEY_LENGTH = 255;

    /** An {@code Idempotency-Key} of a tenant and the hash of the request that came with it. */
    record KeyUse(String scope, String key, String requestHash) {}

    /** Another request with the same key committed first; rolls this one back. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    private final IdempotencyKeys keys;
    private final ObjectMapper mapper;

    public IdempotencyProtocol(IdempotencyKeys keys, ObjectMapper mapper) {
        this.keys = keys;
        this.mapper = mapper;
    }

    /** The key a caller sent with a create to {@code tenant} (400 when malformed), or null when it sent none. */
    KeyUse use(Caller caller, String tenant, CreateAssignmentRequest request, String key) {
        return key == null ? null : new KeyUse(caller.tenantId(), checkKey(key), fingerprint(tenant, request));
    }

    /**
     * Answers a create once per key: the stored answer to a retry, else the answer of {@code create}
     * (which holds the key and saves its answer). Without a key, {@code create}'s answer.
     */
    Uni<CreateOutcome> once(KeyUse use, Instant now, Supplier<Uni<AssignmentView>> create) {
        if (use == null) {
            return create.get().map(CreateOutcome::created);
        }
        // the stored answer first: a retry gets it even when its dates have passed meanwhile
        return keys.find(use.scope(), use.key(), now)
                .chain(stored -> stored != null ? Uni.createFrom().item(replay(stored, use)) : first(use, now, create));
    }

    private Uni<CreateOutcome> first(KeyUse use, Instant now, Supplier<Uni<AssignmentView>> create) {
        return create.get()
                .map(CreateOutcome::created)
                // a concurrent request with the key committed first: ours rolled back, its answer is the answer
                .onFailure(KeyTaken.class)
                .recoverWithUni(() -> keys.find(use.scope(), use.key(), now).map(winner -> replay(winner, use)));
    }

    /**
     * With a key: holds it for the transaction, and rolls back to the stored answer when a request
     * with the same key committed while this one waited (before the capacity check, which the first
     * one's licenses would now fail).
     */
    Uni<Void> hold(SqlConnection tx, KeyUse use, Instant now) {
        if (use == null) {
            return Uni.createFrom().voidItem();
        }
        return keys.lockAndFind(tx, use.scope(), use.key(), now)
                .invoke(stored -> {
                    if (stored != null) {
                        throw new KeyTaken();
                    }
                })
                .replaceWithVoid();
    }

    /** With a key: stores the answer on the create's transaction, or rolls back when another request took the key first. */
    Uni<Void> save(SqlConnection tx, KeyUse use, AssignmentView answer, Instant now) {
        if (use == null) {
            return Uni.createFrom().voidItem();
        }
        return keys.save(tx, use.scope(), use.key(), use.requestHash(), json(answer), now)
                .invoke(saved -> {
                    if (!saved) {
                        throw new KeyTaken();
                    }
                })
                .replaceWithVoid();
    }

    private static String checkKey(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "'" + HEADER + "' must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters",
                    "a UUID is a good key");
        }
        return key;
    }

    /** The request as sent (not as interpreted: the same key with other words is another request), and its target tenant. */
    private static String fingerprint(String tenant, CreateAssignmentRequest r) {
        String canonical = r == null
                ? tenant
                : String.join(
                        "\n",
                        tenant,
                        r.effectiveDate(),
                        r.expirationDate(),
                        String.valueOf(r.quantity()),
                        r.licenseType(),
                        String.valueOf(r.trial()));
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private CreateOutcome replay(IdempotencyKeys.Stored stored, KeyUse use) {
        if (!stored.requestHash().equals(use.requestHash())) {
            throw new ApiException(
                    ErrorCode.UNPROCESSABLE,
                    "'" + HEADER + "' " + use.key() + " came with another request before",
                    "send a new key with a new request");
        }
        try {
            return new CreateOutcome(mapper.readValue(stored.response().encode(), AssignmentView.class), true);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored answer of " + use.key() + " is not an assignment", e);
        }
    }

    private JsonObject json(AssignmentView view) {
        try {
            return new JsonObject(mapper.writeValueAsString(view));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an assignment view always serialises", e);
        }
    }
}
