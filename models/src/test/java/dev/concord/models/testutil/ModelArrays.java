package dev.concord.models.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.checkpoints.npy.NpyArray;
import java.util.Map;

/** Comparisons of model states across runs. */
public final class ModelArrays {
    private ModelArrays() {
    }

    /** Every array of {@code expected} matches {@code actual}'s to {@code relative} times its largest magnitude. */
    public static void assertClose(Map<String, NpyArray> expected, Map<String, NpyArray> actual, double relative,
            String what) {
        for (Map.Entry<String, NpyArray> e : expected.entrySet()) {
            double[] a = e.getValue().doubles();
            double[] b = actual.get(e.getKey()).doubles();
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.abs(a[i]));
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            assertTrue(diff <= relative * scale, what + " " + e.getKey() + ": max difference " + diff + " vs scale "
                    + scale);
        }
    }
}
