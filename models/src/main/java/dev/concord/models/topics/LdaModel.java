package dev.concord.models.topics;

import dev.concord.checkpoints.CheckpointCorruptException;
import dev.concord.models.train.Model;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.Step;
import java.util.List;

/**
 * LDA by approximate distributed collapsed Gibbs sampling (AD-LDA): every rank sweeps its own
 * documents against its copy of the word-topic counts, then the count changes of all ranks
 * (ints, exact) are summed and every rank applies the same global counts. An iteration is three
 * kinds of step: once at the start the assignments' counts are summed ({@code INIT}); then per
 * iteration a sweep whose count deltas are summed ({@code SAMPLE}) and an evaluation at the new
 * counts whose two log-likelihood sums are summed ({@code EVAL}), which ends the iteration.
 *
 * <p>Metrics: {@code log_likelihood_per_token} = log p(w, z | α, β) / tokens of the collapsed
 * model (as MALLET's {@code modelLogLikelihood()}), {@code plugin_perplexity} = exp(−mean over
 * tokens of log Σ_t θ_dt φ_tw) with θ, φ the smoothed count estimates. α is per topic (the
 * Dirichlet over topics is symmetric with total kα).
 */
public final class LdaModel implements Model {
    private static final String[] METRICS = {"log_likelihood_per_token", "plugin_perplexity"};

    private enum Phase { INIT, SAMPLE, EVAL }

    private final Corpus corpus;
    private final LdaSampler sampler;
    private final long seed;
    private final int evalEvery;
    private Phase phase = Phase.INIT;
    private long sweeps;
    private double llPerToken = Double.NaN;
    private double pluginPerplexity = Double.NaN;

    /**
     * A model with uniformly random topics (stream (seed, -1, document)); collective steps follow in
     * the loop. Metrics are evaluated after every {@code evalEvery}-th sweep (and at the end); the
     * lines of other iterations carry nulls.
     */
    public LdaModel(Corpus corpus, int k, double alpha, double beta, long seed, int evalEvery) {
        if (k < 1 || !(alpha > 0) || !(beta > 0)) {
            throw new IllegalArgumentException("LDA needs k >= 1, alpha > 0, beta > 0; got k = " + k + ", alpha = "
                    + alpha + ", beta = " + beta);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("--eval-every must be >= 1, got " + evalEvery);
        }
        if ((long) k * corpus.vocabulary() + k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("k * W = " + (long) k * corpus.vocabulary() + " word-topic counts are "
                    + "too many for one array");
        }
        this.corpus = corpus;
        this.sampler = new LdaSampler(corpus, k, alpha, beta);
        this.seed = seed;
        this.evalEvery = evalEvery;
        sampler.initialise(seed, corpus.firstDoc());
    }

    /** The sampler and its counts (read only outside this package's training). */
    LdaSampler sampler() {
        return sampler;
    }

    /** Sweeps done. */
    public long sweeps() {
        return sweeps;
    }

    @Override
    public Statistics newStatistics() {
        return new Statistics(2, sampler.countsLength());
    }

    @Override
    public void computeLocal(Statistics buf) {
        switch (phase) {
            case INIT:
                sampler.countLocal(buf.ints());
                buf.use(0, sampler.countsLength());
                break;
            case SAMPLE:
                sampler.sweep(seed, sweeps, corpus.firstDoc());
                sampler.deltaInto(buf.ints());
                buf.use(0, sampler.countsLength());
                break;
            default:
                evaluateLocal(buf);
        }
    }

    @Override
    public Step update(Statistics combined) {
        switch (phase) {
            case INIT:
                sampler.setGlobal(combined.ints());
                phase = Phase.SAMPLE;
                return Step.CONTINUE;
            case SAMPLE:
                sampler.applyGlobal(combined.ints());
                sweeps++;
                if (sweeps % evalEvery != 0) {
                    llPerToken = Double.NaN;
                    pluginPerplexity = Double.NaN;
                    return Step.ITERATION;
                }
                phase = Phase.EVAL;
                return Step.CONTINUE;
            default:
                evaluated(combined);
                phase = Phase.SAMPLE;
                return Step.ITERATION;
        }
    }

    @Override
    public void evaluateLocal(Statistics buf) {
        buf.doubles()[0] = sampler.docLogLikelihood();
        buf.doubles()[1] = sampler.pluginLogSum(corpus);
        buf.use(2, 0);
    }

    @Override
    public void evaluated(Statistics combined) {
        double tokens = sampler.totalTokens();
        llPerToken = (combined.doubles()[0] + sampler.topicLogLikelihood()) / tokens;
        pluginPerplexity = Math.exp(-combined.doubles()[1] / tokens);
    }

    @Override
    public String[] metricNames() {
        return METRICS.clone();
    }

    @Override
    public void metrics(double[] out) {
        out[0] = llPerToken;
        out[1] = pluginPerplexity;
    }

    /** {@code topic_word_counts} int32 [k, W] (topic-major) and {@code topic_counts} int32 [k]. */
    @Override
    public ModelState state() {
        int k = sampler.k;
        int w = sampler.w;
        int[] byTopic = new int[k * w];
        for (int v = 0; v < w; v++) {
            for (int t = 0; t < k; t++) {
                byTopic[t * w + v] = sampler.counts[v * k + t];
            }
        }
        int[] totals = new int[k];
        System.arraycopy(sampler.counts, w * k, totals, 0, k);
        return new ModelState().put("topic_word_counts", byTopic, k, w).put("topic_counts", totals, k);
    }

    /** The global counts in sampling layout (word-major then totals), sweeps done and the last metrics. */
    @Override
    public ModelState checkpoint() {
        return new ModelState().put("word_topic_counts", sampler.counts, sampler.counts.length)
                .put("sweeps", sweeps).putScalars("lda_metrics", llPerToken, pluginPerplexity);
    }

    @Override
    public void restore(ModelState state) {
        int[] counts = state.ints("word_topic_counts");
        if (counts.length != sampler.countsLength()) {
            throw new CheckpointCorruptException("checkpoint holds " + counts.length + " word-topic counts, this "
                    + "model needs W k + k = " + sampler.countsLength() + " (other k or vocabulary?)");
        }
        sampler.setGlobal(counts);
        sweeps = state.longs("sweeps")[0];
        double[] m = state.doubles("lda_metrics");
        llPerToken = m[0];
        pluginPerplexity = m[1];
        phase = Phase.SAMPLE;
    }

    /**
     * {@code topic_docs} = [first, end) global document ids, {@code topic_offsets} int32 [docs + 1]
     * and {@code topics} int32 [tokens]: document first + i's assignments are
     * {@code topics[topic_offsets[i], topic_offsets[i+1])}, tokens in file order (word ids
     * ascending, each repeated count times).
     */
    @Override
    public ModelState localCheckpoint() {
        long first = corpus.firstDoc();
        return new ModelState().put("topic_docs", first, first + sampler.docs())
                .put("topic_offsets", sampler.docTok, sampler.docTok.length).put("topics", sampler.z, sampler.z.length);
    }

    @Override
    public void restoreLocal(List<ModelState> shards) {
        for (int d = 0; d < sampler.docs(); d++) {
            long doc = corpus.firstDoc() + d;
            int want = sampler.docTok[d + 1] - sampler.docTok[d];
            if (want > 0) {
                copyTopics(shards, doc, d, want);
            }
        }
        sampler.countDocuments();
    }

    private void copyTopics(List<ModelState> shards, long doc, int d, int want) {
        ModelState s = Corpus.shardHolding(shards, "topic_docs", doc);
        if (s == null) {
            throw new CheckpointCorruptException("no checkpoint shard holds the topic assignments of document "
                    + (doc + 1));
        }
        int[] off = s.ints("topic_offsets");
        int i = (int) (doc - s.longs("topic_docs")[0]);
        if (off[i + 1] - off[i] != want) {
            throw new CheckpointCorruptException("checkpoint holds " + (off[i + 1] - off[i])
                    + " topic assignments for document " + (doc + 1) + ", the data has " + want + " tokens");
        }
        System.arraycopy(s.ints("topics"), off[i], sampler.z, sampler.docTok[d], want);
    }
}
