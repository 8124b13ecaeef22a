package dev.entitlements.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was verified for each raw token seen lately, each until the earlier of its token's expiry
 * and {@code maxAge} after it was verified. The key is the whole token, signature included: a
 * token that differs in any byte is another key and is verified on its own.
 *
 * @param <T> what verification produced (the security identity)
 */
final class VerifiedTokens<T> {

    private record Entry<T>(T verified, Instant until) {}

    /** A full map is swept of its expired entries at most this often, not on every new token. */
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final ConcurrentHashMap<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private volatile Instant nextSweep = Instant.MIN;

    VerifiedTokens(Duration maxAge, int maxEntries, Clock clock) {
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** What was verified for {@code token}, unless it is unknown or its time is up. */
    Optional<T> find(String token) {
        Entry<T> entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.verified());
    }

    /** Remembers {@code verified} for {@code token}, whose own expiry is {@code expiresAt}; a full map takes nothing. */
    void remember(String token, T verified, Instant expiresAt) {
        Instant now = clock.instant();
        Instant maxUntil = now.plus(maxAge);
        Instant until = expiresAt.isBefore(maxUntil) ? expiresAt : maxUntil;
        if (!now.isBefore(until)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            sweep(now);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(token, new Entry<>(verified, until));
    }

    int size() {
        return entries.size();
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        entries.values().removeIf(e -> !now.isBefore(e.until()));
    }
}
