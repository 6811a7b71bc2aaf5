package dev.concord.models.data;

import java.util.SplittableRandom;

/**
 * The built-in demo data set used when no {@code --data} is given: 600 points in 2-D from a
 * mixture of three Gaussians (weights 0.5, 0.3, 0.2; means (0, 0), (4, 4), (-4, 3); covariances
 * [[1, 0.5], [0.5, 1]], [[0.5, 0], [0, 2]], [[1, -0.3], [-0.3, 0.5]]), generated from the fixed
 * seed 20261121 in the same order on every rank, labelled with the generating component (so
 * logistic regression has three classes). Rank r of n keeps rows {@code [r*600/n, (r+1)*600/n)}.
 */
public final class DemoData {
    /** Rows in the demo set. */
    public static final int ROWS = 600;
    private static final long SEED = 20261121L;
    private static final double[] WEIGHTS = {0.5, 0.3, 0.2};
    private static final double[][] MEANS = {{0, 0}, {4, 4}, {-4, 3}};
    /** Lower Cholesky factors (l11, l21, l22) of the covariances above. */
    private static final double[][] FACTORS = {
        {1, 0.5, Math.sqrt(0.75)}, {Math.sqrt(0.5), 0, Math.sqrt(2)}, {1, -0.3, Math.sqrt(0.41)}};

    private DemoData() {
    }

    /** This rank's shard of the demo set, features scaled by {@code scale}. */
    public static Shard shard(int rank, int size, double scale) {
        SplittableRandom random = new SplittableRandom(SEED);
        int from = (int) ((long) ROWS * rank / size);
        int to = (int) ((long) ROWS * (rank + 1) / size);
        double[] x = new double[(to - from) * 2];
        int[] labels = new int[to - from];
        for (int i = 0; i < ROWS; i++) {
            double u = random.nextDouble();
            int c = u < WEIGHTS[0] ? 0 : (u < WEIGHTS[0] + WEIGHTS[1] ? 1 : 2);
            double z1 = gaussian(random);
            double z2 = gaussian(random);
            if (i >= from && i < to) {
                double[] f = FACTORS[c];
                x[(i - from) * 2] = scale * (MEANS[c][0] + f[0] * z1);
                x[(i - from) * 2 + 1] = scale * (MEANS[c][1] + f[1] * z1 + f[2] * z2);
                labels[i - from] = c;
            }
        }
        return new Shard("<demo>", new DenseMatrix(to - from, 2, x), labels, 3, from, ROWS);
    }

    /** Standard normal by Box-Muller (always two uniforms per draw, so the stream is fixed). */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
