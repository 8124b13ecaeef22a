package dev.entitlements.infra.test;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * The seeds a property test runs over: a JUnit 5 {@code @ParameterizedTest(name = Seeds.NAME)} over
 * a {@code @MethodSource} returning {@link #of}, each case drawing its inputs from a
 * {@code new SplittableRandom(seed)}. The base is fixed per class so a build is reproducible; a
 * failing case names its seed, and {@code -Dproperty.seed=<that seed>} makes it the first case of
 * the next run ({@code -Dproperty.tries=1} runs only it). {@code -Dproperty.seed=random} explores
 * from a fresh base, printed so it can be replayed.
 */
public final class Seeds {

    /** The display name of each case: its seed, so a failure report says how to replay it. */
    public static final String NAME = "seed={0}";

    public static final String SEED_PROPERTY = "property.seed";
    public static final String TRIES_PROPERTY = "property.tries";

    private Seeds() {}

    /**
     * {@code tries} seeds: the base ({@code defaultBase} unless {@code -Dproperty.seed} says
     * otherwise) first — so a reported seed replays as itself — then the ones a generator seeded with
     * the base draws.
     */
    public static LongStream of(long defaultBase, int tries) {
        long base = base(defaultBase);
        int n = Integer.getInteger(TRIES_PROPERTY, tries);
        SplittableRandom more = new SplittableRandom(base);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = i == 0 ? base : more.nextLong();
        }
        return LongStream.of(seeds);
    }

    private static long base(long defaultBase) {
        String asked = System.getProperty(SEED_PROPERTY);
        if (asked == null || asked.isBlank()) {
            return defaultBase;
        }
        if (asked.equals("random")) {
            long base = new SplittableRandom().nextLong();
            System.out.println("property seeds from -D" + SEED_PROPERTY + "=" + base);
            return base;
        }
        return Long.parseLong(asked.trim());
    }
}
