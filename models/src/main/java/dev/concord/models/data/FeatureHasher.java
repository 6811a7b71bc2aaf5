package dev.concord.models.data;

/**
 * Maps feature indices of a huge, long-tailed feature space into {@code 2^bits} columns with a
 * fixed mixing function (the 64-bit finaliser of MurmurHash3), so every rank and every run maps an
 * index to the same column. Colliding features add up.
 */
public final class FeatureHasher {
    private FeatureHasher() {
    }

    /** Column of 0-based feature {@code index} in a {@code 2^bits}-wide space. */
    public static int column(long index, int bits) {
        long h = index * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h & ((1L << bits) - 1));
    }
}
