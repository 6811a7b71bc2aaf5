package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import java.util.function.IntFunction;

/**
 * Best of several training runs from different starts ({@code --n-init}): restart i builds its
 * model with {@code factory.apply(i)} (a collective, e.g. seeding from seed + i) and trains it with
 * the loop; the run with the best final value of the metric wins (the first on ties). Every
 * rank sees the same final metrics, so every rank picks the same winner. With more than one start,
 * metric lines carry {@code "init": i}.
 */
public final class Restarts {
    /** The winning run. */
    public record Fit(Model model, TrainingResult result, int init) {
    }

    private Restarts() {
    }

    public static Fit best(int nInit, IntFunction<Model> factory, TrainingLoop loop, String metric, boolean maximize) {
        if (nInit < 1) {
            throw new IllegalArgumentException("--n-init must be >= 1, got " + nInit);
        }
        Fit best = null;
        for (int i = 0; i < nInit; i++) {
            Model model = factory.apply(i);
            TrainingResult r = loop.run(model, nInit > 1 ? new JsonObject().put("init", i) : null);
            double v = r.metric(metric);
            if (best == null || (maximize ? v > best.result().metric(metric) : v < best.result().metric(metric))) {
                best = new Fit(model, r, i);
            }
        }
        return best;
    }
}
