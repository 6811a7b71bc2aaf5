package dev.concord.models.gmm;

/** In-place Cholesky factorisation and triangular solves on small row-major d x d blocks. */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Overwrites the lower triangle of {@code a[off .. off+d*d)} with L where A = L L^T (the upper
     * triangle is zeroed). Returns false if A is not positive definite.
     */
    static boolean factor(double[] a, int off, int d) {
        for (int j = 0; j < d; j++) {
            double s = a[off + j * d + j];
            for (int t = 0; t < j; t++) {
                s -= a[off + j * d + t] * a[off + j * d + t];
            }
            if (!(s > 0)) {
                return false;
            }
            double l = Math.sqrt(s);
            a[off + j * d + j] = l;
            for (int i = j + 1; i < d; i++) {
                double v = a[off + i * d + j];
                for (int t = 0; t < j; t++) {
                    v -= a[off + i * d + t] * a[off + j * d + t];
                }
                a[off + i * d + j] = v / l;
            }
            for (int t = j + 1; t < d; t++) {
                a[off + j * d + t] = 0;
            }
        }
        return true;
    }

    /** Solves L z = v in place ({@code v[0..d)}) with L from {@link #factor}; returns |z|^2. */
    static double solveSquaredNorm(double[] l, int off, int d, double[] v) {
        double norm = 0;
        for (int i = 0; i < d; i++) {
            double s = v[i];
            int row = off + i * d;
            for (int t = 0; t < i; t++) {
                s -= l[row + t] * v[t];
            }
            s /= l[row + i];
            v[i] = s;
            norm += s * s;
        }
        return norm;
    }

    /** log det A = 2 * sum log L_ii. */
    static double logDet(double[] l, int off, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += Math.log(l[off + i * d + i]);
        }
        return 2 * s;
    }
}
