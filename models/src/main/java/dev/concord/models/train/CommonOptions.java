package dev.concord.models.train;

import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every {@code train} model takes (a picocli mixin). */
public final class CommonOptions {
    @Option(names = "--data", description = "Training data file (plain or .gz); omitted: the built-in demo set.")
    Path data;

    @Option(names = "--test-data", description = "Held-out data scored after training.")
    Path testData;

    @Option(names = "--format", description = "libsvm, csv or bow (default: from the file name).")
    String format;

    @Option(names = "--features", defaultValue = "0", description = "Number of features (0: from the data).")
    int features;

    @Option(names = "--feature-scale", defaultValue = "1", description = "Multiply every feature by this.")
    double featureScale;

    @Option(names = "--iterations", description = "Maximum iterations (epochs for SGD).")
    Integer iterations;

    @Option(names = "--tol", description = "Convergence tolerance (model-specific meaning).")
    Double tol;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for initialisation and shuffles.")
    long seed;

    @Option(names = "--reproducible", description = "Exact, order-independent sums: full-batch models (L-BFGS, "
            + "gmm, kmeans) give the same model file bytes for any -np (slower; see docs/models.md).")
    boolean reproducible;

    @Option(names = "--out", description = "Write the model (.npz) here (rank 0).")
    Path out;

    @Option(names = "--metrics", description = "Write one JSON object per iteration here (rank 0).")
    Path metrics;

    @Option(names = "--checkpoint-dir", description = "Checkpoint here; on start, resume from the newest valid one.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "10", description = "Iterations between checkpoints.")
    int checkpointEvery;

    @Option(names = "--checkpoint-async", description = "Write checkpoints in the background (committed at the next one).")
    boolean checkpointAsync;

    @Option(names = "--keep", defaultValue = "2", description = "Checkpoints to keep.")
    int keep;

    @Option(names = "--progress", description = "Every rank prints 'iteration N' at each sync point.")
    boolean progress;

    @Option(names = "--progress-every", paramLabel = "N",
            description = "Off a terminal, rank 0 logs a progress line every N iterations (default: "
                + "$CONCORD_PROGRESS_EVERY, else 10; 0: none).")
    Integer progressEvery;

    /**
     * The format logreg, gmm and kmeans read {@code --data} in: {@code --format}, else guessed from
     * the file name, else {@code fallback}. Bag-of-words is refused (a usage error, found before
     * joining the job).
     */
    DataFormat rowFormat(DataFormat fallback) {
        DataFormat f = format != null ? DataFormat.parse(format)
                : data == null ? fallback : DataFormat.guess(data.toString(), fallback);
        if (data != null) {
            DataReader.requireRows(data, f);
        }
        return f;
    }

    /** Checks {@code --n-init} of gmm and kmeans: at least 1, and 1 with {@code --checkpoint-dir}. */
    void checkStarts(int nInit) {
        if (nInit < 1) {
            throw new IllegalArgumentException("--n-init must be >= 1, got " + nInit);
        }
        if (nInit > 1 && checkpointDir != null) {
            throw new IllegalArgumentException("--checkpoint-dir does not support --n-init > 1 yet");
        }
    }

    int iterations(int fallback) {
        return iterations == null ? fallback : iterations;
    }

    double tol(double fallback) {
        return tol == null ? fallback : tol;
    }
}
