package dev.concord.models.logreg;

import dev.concord.models.data.Shard;

/** The metrics every logistic regression solver reports, computed from a kernel statistics buffer. */
final class LogRegMetrics {
    static final String[] NAMES = {"objective", "log_loss", "accuracy"};

    private LogRegMetrics() {
    }

    /** objective = C * loss + 0.5 ||W||^2, log_loss = mean loss, accuracy. */
    static void write(double[] stats, double c, double halfSquaredWeights, double[] out) {
        double count = stats[LogisticKernel.COUNT];
        out[0] = c * stats[LogisticKernel.LOSS] + halfSquaredWeights;
        out[1] = stats[LogisticKernel.LOSS] / count;
        out[2] = stats[LogisticKernel.CORRECT] / count;
    }

    static void checkLabelled(Shard shard) {
        if (!shard.labelled()) {
            throw new IllegalArgumentException(shard.source() + ": logistic regression needs labelled data");
        }
    }
}
