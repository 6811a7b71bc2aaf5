package dev.concord.models.kmeans;

import java.util.Locale;

/** How k-means and the Gaussian mixture choose their starting centres. */
public enum InitMethod {
    /** k-means++ seeding on rank 0 over a sample gathered from all ranks, broadcast. */
    KMEANS_PLUS_PLUS,
    /** Centres at global rows {@code floor(j * n / k)}, j = 0..k-1: deterministic, seed-free. */
    EVENLY_SPACED_ROWS;

    /** {@code kmeans++} or {@code evenly-spaced-rows}. */
    public static InitMethod parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "kmeans++":
            case "k-means++":
                return KMEANS_PLUS_PLUS;
            case "evenly-spaced-rows":
                return EVENLY_SPACED_ROWS;
            default:
                throw new IllegalArgumentException("unknown --init '" + s + "' (kmeans++, evenly-spaced-rows)");
        }
    }
}
