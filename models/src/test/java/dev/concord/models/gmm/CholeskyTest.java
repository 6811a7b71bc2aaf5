package dev.concord.models.gmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CholeskyTest {
    // A = L L^T with L = [[2,0,0],[1,3,0],[-1,0.5,1]]
    private static final double[] L = {2, 0, 0, 1, 3, 0, -1, 0.5, 1};
    private static final double[] A = {4, 2, -2, 2, 10, 0.5, -2, 0.5, 2.25};

    @Test
    void shouldFactorAtAnOffsetAndSolve() {
        double[] a = new double[2 + 9];
        System.arraycopy(A, 0, a, 2, 9);
        assertTrue(Cholesky.factor(a, 2, 3));
        for (int i = 0; i < 9; i++) {
            assertEquals(L[i], a[2 + i], 1e-14, "L[" + i + "]");
        }
        assertEquals(2 * Math.log(2 * 3 * 1), Cholesky.logDet(a, 2, 3), 1e-14);
        double[] v = {2, 4, -0.5}; // = L z with z = (1, 1, 0)
        assertEquals(2.0, Cholesky.solveSquaredNorm(a, 2, 3, v), 1e-14);
        assertArrayEquals(new double[] {1, 1, 0}, v, 1e-14);
    }

    @Test
    void shouldRefuseMatrixThatIsNotPositiveDefinite() {
        assertFalse(Cholesky.factor(new double[] {1, 2, 2, 1}, 0, 2));
    }

    @Test
    void shouldNameComponentAndRegCovarWhenCovarianceCollapses() {
        GaussianComponents g = new GaussianComponents(2, 2, true, new double[] {0.5, 0.5}, new double[4],
                new double[] {1, 0, 0, 1, 1, 0, 0, 1});
        // [log-lik, N (2), sum x (2 x 2), sum x x^T lower triangles (2 x 4)]: component 0 is healthy,
        // component 1's second variance comes out negative (0.5 - 1), which reg_covar 0 cannot save
        double[] stats = {0, 3, 1, 0, 0, 1, 1, 3, 0, 0, 3, 2, 0, 0, 0.5};
        try {
            g.mStep(stats, 1, 3, 7, 0.0);
        } catch (RuntimeException e) {
            assertTrue(e.getMessage().contains("GMM component 1 of 2") && e.getMessage().contains("--reg-covar (now 0.0)"),
                    e.getMessage());
            return;
        }
        throw new AssertionError("collapsed covariance not reported");
    }
}
