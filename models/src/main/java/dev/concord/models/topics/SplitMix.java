package dev.concord.models.topics;

/**
 * SplitMix64 (Steele, Lea, Flood 2014) as static functions on a {@code long} state, so the
 * sampler's hot loop keeps its generator in a local variable and allocates nothing. Streams are
 * keyed by (seed, sweep, global document id): a document's draws do not depend on which rank holds
 * it or on what was sampled before, which makes resume exact without storing generator state.
 */
final class SplitMix {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    /** The starting state of the stream for {@code (seed, sweep, doc)}. */
    static long stream(long seed, long sweep, long doc) {
        return mix(mix(mix(seed) ^ sweep) ^ doc);
    }

    /** The next state. */
    static long next(long state) {
        return state + GOLDEN;
    }

    /** A uniform double in [0, 1) from {@code state} (call after {@link #next}). */
    static double uniform(long state) {
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in [0, n) from {@code state} (call after {@link #next}). */
    static int below(long state, int n) {
        return (int) (((mix(state) >>> 32) * n) >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
