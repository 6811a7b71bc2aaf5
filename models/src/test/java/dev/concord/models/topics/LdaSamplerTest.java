package dev.concord.models.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.models.data.BagOfWords;
import dev.concord.models.data.CsrMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sparse sampler against closed forms on a corpus small enough to enumerate: with one rank
 * (exact collapsed Gibbs) the long-run frequency of every joint assignment z must match
 * p(z | w) ∝ p(w, z), and {@code docLogLikelihood + topicLogLikelihood} must equal log p(w, z)
 * computed here from rising factorials.
 */
class LdaSamplerTest {
    /** Two documents over four words: doc 1 = {w0, w0, w1}, doc 2 = {w2, w3}. */
    private static Corpus tiny() {
        CsrMatrix m = new CsrMatrix(2, 4, new int[] {0, 2, 4}, new int[] {0, 1, 2, 3}, new double[] {2, 1, 1, 1});
        return Corpus.of(new BagOfWords("tiny", m, new int[] {0, 1}, 2, 4, 4, null));
    }

    /** log p(w, z) from Γ(a + n)/Γ(a) = a (a + 1) … (a + n − 1). */
    private static double logJoint(int[] z, int[] tokens, int[] docTok, int k, int w, double alpha, double beta) {
        double lp = 0;
        int[] nwk = new int[w * k];
        int[] nk = new int[k];
        for (int d = 0; d + 1 < docTok.length; d++) {
            int[] ndk = new int[k];
            for (int j = docTok[d]; j < docTok[d + 1]; j++) {
                lp += Math.log(alpha + ndk[z[j]]) - Math.log(k * alpha + (j - docTok[d]));
                ndk[z[j]]++;
            }
        }
        for (int j = 0; j < tokens.length; j++) {
            int t = z[j];
            lp += Math.log(beta + nwk[tokens[j] * k + t]) - Math.log(w * beta + nk[t]);
            nwk[tokens[j] * k + t]++;
            nk[t]++;
        }
        return lp;
    }

    @ParameterizedTest
    @CsvSource({"2, 0.1, 0.01, 11", "3, 0.5, 0.1, 12", "3, 0.05, 1.0, 13"})
    void shouldSampleTheExactPosteriorAndScoreItsJointLikelihood(int k, double alpha, double beta, long seed) {
        LdaSampler s = new LdaSampler(tiny(), k, alpha, beta);
        s.initialise(seed, 0);
        int[] global = new int[s.countsLength()];
        s.countLocal(global);
        s.setGlobal(global);
        int n = s.tokens.length;
        int configs = (int) Math.pow(k, n);
        double[] exact = new double[configs];
        double norm = 0;
        int[] z = new int[n];
        for (int c = 0; c < configs; c++) {
            for (int j = 0, x = c; j < n; j++, x /= k) {
                z[j] = x % k;
            }
            exact[c] = Math.exp(logJoint(z, s.tokens, s.docTok, k, s.w, alpha, beta));
            norm += exact[c];
        }
        int sweeps = 200_000;
        double[] seen = new double[configs];
        int[] zero = new int[s.countsLength()];
        for (int i = 0; i < sweeps; i++) {
            s.sweep(seed, i, 0);
            s.applyGlobal(zero.length == 0 ? zero : deltaOf(s, zero));
            int c = 0;
            for (int j = n - 1; j >= 0; j--) {
                c = c * k + s.z[j];
            }
            seen[c]++;
            if (i % 50_000 == 0) {
                double ll = s.docLogLikelihood() + s.topicLogLikelihood();
                assertEquals(logJoint(s.z, s.tokens, s.docTok, k, s.w, alpha, beta), ll, 1e-9, "log p(w, z)");
            }
        }
        double tv = 0;
        for (int c = 0; c < configs; c++) {
            tv += Math.abs(seen[c] / sweeps - exact[c] / norm) / 2;
        }
        assertTrue(tv < 0.02, "total variation between sampled and exact posterior: " + tv);
    }

    /** One rank's own delta is the global delta: the counts stay as sampled. */
    private static int[] deltaOf(LdaSampler s, int[] buf) {
        s.deltaInto(buf);
        return buf;
    }
}
