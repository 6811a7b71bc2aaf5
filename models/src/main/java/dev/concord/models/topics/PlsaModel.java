package dev.concord.models.topics;

import dev.concord.checkpoints.CheckpointCorruptException;
import dev.concord.models.train.Model;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.Step;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * pLSA (Hofmann 1999), p(w | d) = Σ_t θ_dt φ_tw, fitted by EM. E-step (local): for every
 * (document, word, count) entry the responsibilities r_t ∝ θ_dt φ_tw give expected counts
 * c r_t, summed into the topic-word statistics (allreduced) and into this rank's document-topic
 * sums. M-step (identical on every rank for φ; θ only for the rank's own documents): φ_tw ∝ Σ_d
 * c r_t, θ_dt ∝ Σ_w c r_t. The log-likelihood Σ c log p(w | d) reported at iteration t is that of
 * the parameters before the t-th M-step, so by EM it never decreases.
 *
 * <p>Start: φ_t from independent uniform draws (a {@link SplittableRandom} of the seed, topic-word
 * order) normalised per topic, θ_d uniform; the same on every rank for any world size.
 */
public final class PlsaModel implements Model {
    private static final String[] METRICS = {"log_likelihood_per_token", "perplexity"};

    private final Corpus corpus;
    private final int k;
    private final int w;
    private final double tol;
    private final double tokens;
    /** φ, word-major: φ_tw at {@code w * k + t}. */
    private final double[] phi;
    private final double[] theta;
    private final double[] docTopic;
    private final double[] topicMass;
    private final double[] r;
    private double ll = Double.NaN;
    private double previous = Double.NaN;

    /** @param tokens tokens over all ranks */
    public PlsaModel(Corpus corpus, int k, long seed, double tol, long tokens) {
        if (k < 1) {
            throw new IllegalArgumentException("pLSA needs k >= 1, got " + k);
        }
        this.corpus = corpus;
        this.k = k;
        this.w = corpus.vocabulary();
        this.tol = tol;
        this.tokens = tokens;
        this.phi = new double[w * k];
        this.theta = new double[corpus.docs() * k];
        this.docTopic = new double[theta.length];
        this.topicMass = new double[k];
        this.r = new double[k];
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] norm = new double[k];
        for (int t = 0; t < k; t++) {
            for (int v = 0; v < w; v++) {
                phi[v * k + t] = rnd.nextDouble() + 1e-3;
                norm[t] += phi[v * k + t];
            }
        }
        for (int i = 0; i < phi.length; i++) {
            phi[i] /= norm[i % k];
        }
        Arrays.fill(theta, 1.0 / k);
    }

    @Override
    public Statistics newStatistics() {
        return Statistics.ofDoubles(1 + w * k);
    }

    /** Statistics: {@code [Σ c log p(w|d), expected counts n_tw (word-major)]}; document sums kept locally. */
    @Override
    public void computeLocal(Statistics buf) {
        double[] s = buf.doubles();
        int[] rowPtr = corpus.rowPtr();
        Arrays.fill(docTopic, 0);
        double sum = 0;
        for (int d = 0; d < corpus.docs(); d++) {
            int db = d * k;
            for (int e = rowPtr[d]; e < rowPtr[d + 1]; e++) {
                int wb = corpus.words()[e] * k;
                double p = 0;
                for (int t = 0; t < k; t++) {
                    r[t] = theta[db + t] * phi[wb + t];
                    p += r[t];
                }
                int c = corpus.counts()[e];
                sum += c * Math.log(p);
                double scale = c / p;
                for (int t = 0; t < k; t++) {
                    double x = r[t] * scale;
                    s[1 + wb + t] += x;
                    docTopic[db + t] += x;
                }
            }
        }
        s[0] = sum;
    }

    @Override
    public Step update(Statistics combined) {
        double[] s = combined.doubles();
        evaluated(combined);
        Arrays.fill(topicMass, 0);
        for (int i = 0; i < phi.length; i++) {
            topicMass[i % k] += s[1 + i];
        }
        for (int i = 0; i < phi.length; i++) {
            phi[i] = topicMass[i % k] > 0 ? s[1 + i] / topicMass[i % k] : 1.0 / w;
        }
        for (int d = 0; d < corpus.docs(); d++) {
            double n = 0;
            for (int t = 0; t < k; t++) {
                n += docTopic[d * k + t];
            }
            for (int t = 0; t < k && n > 0; t++) {
                theta[d * k + t] = docTopic[d * k + t] / n;
            }
        }
        boolean converged = Math.abs(ll - previous) < tol;
        previous = ll;
        return converged ? Step.CONVERGED : Step.ITERATION;
    }

    @Override
    public void evaluateLocal(Statistics buf) {
        computeLocal(buf);
    }

    @Override
    public void evaluated(Statistics combined) {
        ll = combined.doubles()[0] / tokens;
    }

    @Override
    public String[] metricNames() {
        return METRICS.clone();
    }

    @Override
    public void metrics(double[] out) {
        out[0] = ll;
        out[1] = Math.exp(-ll);
    }

    /** {@code topic_word} float64 [k, W] = φ, and {@code topic_tokens} [k] = expected tokens per topic. */
    @Override
    public ModelState state() {
        double[] byTopic = new double[k * w];
        for (int v = 0; v < w; v++) {
            for (int t = 0; t < k; t++) {
                byTopic[t * w + v] = phi[v * k + t];
            }
        }
        return new ModelState().put("topic_word", byTopic, k, w).put("topic_tokens", topicMass, k);
    }

    @Override
    public ModelState checkpoint() {
        return new ModelState().put("phi", phi, w, k).put("topic_tokens", topicMass, k)
                .putScalars("plsa_log_likelihood", ll, previous);
    }

    @Override
    public void restore(ModelState state) {
        state.copyInto("phi", phi);
        state.copyInto("topic_tokens", topicMass);
        double[] m = state.doubles("plsa_log_likelihood");
        ll = m[0];
        previous = m[1];
    }

    /** {@code theta_docs} = [first, end) global document ids, {@code theta} float64 [docs, k]. */
    @Override
    public ModelState localCheckpoint() {
        long first = corpus.firstDoc();
        return new ModelState().put("theta_docs", first, first + corpus.docs()).put("theta", theta, corpus.docs(), k);
    }

    @Override
    public void restoreLocal(List<ModelState> shards) {
        for (int d = 0; d < corpus.docs(); d++) {
            long doc = corpus.firstDoc() + d;
            ModelState s = Corpus.shardHolding(shards, "theta_docs", doc);
            if (s != null) {
                System.arraycopy(s.doubles("theta"), (int) (doc - s.longs("theta_docs")[0]) * k, theta, d * k, k);
            } else if (corpus.rowPtr()[d + 1] > corpus.rowPtr()[d]) {
                throw new CheckpointCorruptException("no checkpoint shard holds theta of document " + (doc + 1));
            }
        }
    }
}
