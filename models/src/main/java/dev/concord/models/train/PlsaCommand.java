package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.ReduceOp;
import dev.concord.models.topics.Corpus;
import dev.concord.models.topics.PlsaModel;
import dev.concord.runtime.Communicator;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train plsa}: probabilistic latent semantic analysis by EM. */
@Command(name = "plsa", description = "pLSA topic model fitted by EM.", mixinStandardHelpOptions = true)
public final class PlsaCommand implements TrainJob {
    static final int DEFAULT_ITERATIONS = 100;
    static final double DEFAULT_TOL = 0;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    TopicOptions topics = new TopicOptions();

    @Override
    public void validate() {
        topics.validate(common);
        if (common.testData != null) {
            throw new IllegalArgumentException("plsa does not score --test-data (held-out perplexity is computed for"
                    + " lda only)");
        }
    }

    @Override
    public TrainingOutcome run(Communicator comm, PrintStream out, CheckpointHook hook) {
        validate();
        TrainSession session = new TrainSession(comm, common, hook);
        Corpus corpus = topics.corpus(common.data, session);
        JsonObject cfg = topics.config(session, corpus, "plsa", DEFAULT_ITERATIONS);
        long[] tokens = {corpus.tokens()};
        session.collectives().allreduce(tokens, 0, 1, ReduceOp.SUM);
        PlsaModel model = new PlsaModel(corpus, topics.k, common.seed, common.tol(DEFAULT_TOL), tokens[0]);
        TrainingResult result = session.loop(DEFAULT_ITERATIONS, cfg, corpus.shard(), out).run(model, null);
        TrainingOutcome outcome = session.finish(new Restarts.Fit(model, result, 0), cfg, null, out);
        topics.printTopics(comm, outcome.state(), out);
        return outcome;
    }
}
