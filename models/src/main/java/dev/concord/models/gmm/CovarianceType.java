package dev.concord.models.gmm;

import java.util.Locale;

/** Shape of each component's covariance. */
public enum CovarianceType {
    /** A full symmetric d x d matrix per component. */
    FULL,
    /** A diagonal (d variances) per component. */
    DIAG;

    /** {@code full} or {@code diag}. */
    public static CovarianceType parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "full":
                return FULL;
            case "diag":
                return DIAG;
            default:
                throw new IllegalArgumentException("unknown --covariance '" + s + "' (full, diag)");
        }
    }
}
