package dev.concord.models.topics;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import java.util.Arrays;

/**
 * Held-out perplexity of LDA by document completion (Wallach, Murray, Salakhutdinov, Mimno 2009):
 * in each test document the tokens at even positions (file order: word ids ascending, each repeated
 * count times) are observed and those at odd positions held out. θ_d is folded in by {@value
 * #SWEEPS} Gibbs sweeps over the observed tokens with φ fixed at the trained smoothed estimate
 * φ_tw = (n_wt + β)/(n_t + Wβ), averaging θ_dt = (n_dt + α)/(n_obs + kα) over the last {@value
 * #SAMPLES}; the result is exp(−Σ_held log Σ_t θ_dt φ_tw / held-out tokens). Draws use the stream
 * (seed, −2 − sweep, document), so the value does not depend on the number of ranks.
 */
public final class HeldOutPerplexity {
    static final int SWEEPS = 50;
    static final int SAMPLES = 25;

    private HeldOutPerplexity() {
    }

    /** Collective; returns {perplexity, held-out tokens} on every rank. */
    public static double[] of(LdaModel model, Corpus test, long seed, Collectives coll) {
        LdaSampler s = model.sampler();
        if (test.vocabulary() != s.w) {
            throw new IllegalArgumentException(test.source() + ": vocabulary size " + test.vocabulary()
                    + " differs from the training data's " + s.w);
        }
        int k = s.k;
        double[] phi = new double[s.w * k];
        for (int v = 0; v < s.w; v++) {
            for (int t = 0; t < k; t++) {
                phi[v * k + t] = (s.counts[v * k + t] + s.beta) / (s.counts[s.w * k + t] + s.w * s.beta);
            }
        }
        LdaSampler doc = new LdaSampler(test, k, s.alpha, s.beta);
        int[] nd = new int[k];
        double[] theta = new double[k];
        double[] p = new double[k];
        double[] sums = new double[2];
        for (int d = 0; d < doc.docs(); d++) {
            int lo = doc.docTok[d];
            int hi = doc.docTok[d + 1];
            int observed = (hi - lo + 1) / 2;
            if (hi - lo < 2) {
                continue;
            }
            Arrays.fill(nd, 0);
            Arrays.fill(theta, 0);
            long id = test.firstDoc() + d;
            for (int sweep = 0; sweep < SWEEPS; sweep++) {
                long rng = SplitMix.stream(seed, -2 - sweep, id);
                for (int j = lo; j < hi; j += 2) {
                    int wb = doc.tokens[j] * k;
                    if (sweep > 0) {
                        nd[doc.z[j]]--;
                    }
                    double total = 0;
                    for (int t = 0; t < k; t++) {
                        total += (nd[t] + s.alpha) * phi[wb + t];
                        p[t] = total;
                    }
                    rng = SplitMix.next(rng);
                    double u = SplitMix.uniform(rng) * total;
                    int nt = 0;
                    while (nt < k - 1 && u >= p[nt]) {
                        nt++;
                    }
                    doc.z[j] = nt;
                    nd[nt]++;
                }
                if (sweep >= SWEEPS - SAMPLES) {
                    for (int t = 0; t < k; t++) {
                        theta[t] += (nd[t] + s.alpha) / (observed + k * s.alpha) / SAMPLES;
                    }
                }
            }
            for (int j = lo + 1; j < hi; j += 2) {
                int wb = doc.tokens[j] * k;
                double q = 0;
                for (int t = 0; t < k; t++) {
                    q += theta[t] * phi[wb + t];
                }
                sums[0] += Math.log(q);
                sums[1]++;
            }
        }
        coll.allreduce(sums, 0, 2, ReduceOp.SUM);
        return new double[] {Math.exp(-sums[0] / sums[1]), sums[1]};
    }
}
