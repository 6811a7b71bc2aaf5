package dev.concord.models.kmeans;

import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding (Arthur and Vassilvitskii; as in scikit-learn: {@code 2 + ln k}
 * candidates per step, keep the one that lowers the potential most) over rows held in memory.
 * Deterministic for a given seed.
 */
public final class KMeansPlusPlus {
    private KMeansPlusPlus() {
    }

    /** {@code k} centres (k x d, row-major) chosen from {@code rows} ({@code n x d}). */
    public static double[] choose(double[] rows, int d, int k, long seed) {
        int n = rows.length / d;
        if (n < k) {
            throw new IllegalArgumentException("k-means++ needs at least k = " + k + " rows, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] centres = new double[k * d];
        double[] closest = new double[n];
        double[] trial = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(rows, first * d, centres, 0, d);
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = distance(rows, i, centres, 0, d);
            potential += closest[i];
        }
        int candidates = 2 + (int) Math.log(k);
        for (int c = 1; c < k; c++) {
            int best = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < candidates; t++) {
                int cand = pick(closest, potential, random.nextDouble());
                double p = 0;
                for (int i = 0; i < n; i++) {
                    p += Math.min(closest[i], distance(rows, i, rows, cand, d));
                }
                if (p < bestPotential) {
                    bestPotential = p;
                    best = cand;
                }
            }
            System.arraycopy(rows, best * d, centres, c * d, d);
            potential = 0;
            for (int i = 0; i < n; i++) {
                closest[i] = Math.min(closest[i], distance(rows, i, centres, c, d));
                potential += closest[i];
            }
        }
        return centres;
    }

    /** Index drawn with probability proportional to {@code weights}; uniform when all are zero. */
    private static int pick(double[] weights, double total, double u) {
        if (!(total > 0)) {
            return (int) (u * weights.length);
        }
        double target = u * total;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (acc > target) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Squared distance between row i of {@code a} and row j of {@code b}. */
    static double distance(double[] a, int i, double[] b, int j, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double diff = a[i * d + t] - b[j * d + t];
            s += diff * diff;
        }
        return s;
    }
}
