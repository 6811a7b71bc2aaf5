package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.models.topics.Corpus;
import dev.concord.models.topics.HeldOutPerplexity;
import dev.concord.models.topics.LdaModel;
import dev.concord.runtime.Communicator;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train lda}: LDA by distributed collapsed Gibbs sampling (AD-LDA). */
@Command(name = "lda", description = "LDA topic model by distributed collapsed Gibbs sampling (AD-LDA).",
        mixinStandardHelpOptions = true)
public final class LdaCommand implements TrainJob {
    static final int DEFAULT_ITERATIONS = 200;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    TopicOptions topics = new TopicOptions();

    @Option(names = "--alpha", defaultValue = "0.1",
            description = "Dirichlet prior of each topic in a document (per topic: the total is k * alpha).")
    double alpha;

    @Option(names = "--beta", defaultValue = "0.01", description = "Dirichlet prior of each word in a topic.")
    double beta;

    @Option(names = "--eval-every", defaultValue = "1",
            description = "Evaluate the metrics after every N-th iteration (others write null); the end always.")
    int evalEvery;

    @Override
    public void validate() {
        topics.validate(common);
        if (!(alpha > 0) || !(beta > 0)) {
            throw new IllegalArgumentException("--alpha and --beta must be > 0, got " + alpha + " and " + beta);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("--eval-every must be >= 1, got " + evalEvery);
        }
        if (common.iterations(DEFAULT_ITERATIONS) < 1) {
            throw new IllegalArgumentException("--iterations must be >= 1 for lda");
        }
    }

    @Override
    public TrainingOutcome run(Communicator comm, PrintStream out, CheckpointHook hook) {
        validate();
        TrainSession session = new TrainSession(comm, common, hook);
        Corpus corpus = topics.corpus(common.data, session);
        JsonObject cfg = topics.config(session, corpus, "lda", DEFAULT_ITERATIONS).put("alpha", alpha)
                .put("beta", beta).put("eval_every", evalEvery);
        // the held-out documents are read and checked before training, not found wrong after it
        Corpus test = common.testData == null ? null : topics.testCorpus(common.testData, corpus, session);
        LdaModel model = new LdaModel(corpus, topics.k, alpha, beta, common.seed, evalEvery);
        TrainingResult result = session.loop(DEFAULT_ITERATIONS, cfg, corpus.shard(), out).run(model, null);
        JsonObject extra = null;
        if (test != null) {
            double[] h = HeldOutPerplexity.of(model, test, common.seed, session.collectives());
            extra = new JsonObject().put("heldout_perplexity", h[0]).put("heldout_tokens", (long) h[1]);
        }
        TrainingOutcome outcome = session.finish(new Restarts.Fit(model, result, 0), cfg, extra, out);
        topics.printTopics(comm, outcome.state(), out);
        return outcome;
    }
}
