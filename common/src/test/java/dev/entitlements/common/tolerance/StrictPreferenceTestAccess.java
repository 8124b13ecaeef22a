package dev.entitlements.common.tolerance;

/** Lets tests of other packages mark the current duplicated context strict, as {@link StrictPreference} does for a request. */
public final class StrictPreferenceTestAccess {

    private StrictPreferenceTestAccess() {}

    public static void markStrict() {
        Tolerance.markStrict();
    }
}
