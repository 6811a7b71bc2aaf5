package dev.concord.models.topics;

import java.util.Arrays;

/**
 * Collapsed Gibbs sampling for LDA over one rank's documents with the SparseLDA decomposition
 * (Yao, Mimno, McCallum 2009): the weight of topic t for a token of word w in document d,
 * (α + n_dt)(β + n_wt)/(Wβ + n_t), splits into a smoothing bucket αβ/(Wβ + n_t) summed over all
 * topics and kept up to date incrementally, a document bucket n_dt β/(Wβ + n_t) over the
 * document's non-zero topics, and a word bucket (α + n_dt) n_wt/(Wβ + n_t) over the word's
 * non-zero topics, so a draw costs time in the non-zero topics of the word and the document, not
 * in k. Non-zero topics are kept as unordered sets with positions (O(1) insert and delete).
 *
 * <p>{@code counts} holds the word-topic counts n_wt at {@code w * k + t} followed by the topic
 * totals n_t at {@code W * k + t}: this rank's working copy of the global counts, which its own
 * sampling changes during a sweep (AD-LDA) and which {@link #applyGlobal} replaces at sync
 * points. Nothing here allocates after construction.
 */
final class LdaSampler {
    final int k;
    final int w;
    final double alpha;
    final double beta;
    private final double betaSum;
    private final int totals;
    /** Token j of local document d lies in {@code [docTok[d], docTok[d+1])}; its word and topic. */
    final int[] docTok;
    final int[] tokens;
    final int[] z;
    /** Local document-topic counts, document-major. */
    final int[] ndk;
    final int[] counts;
    private final int[] snapshot;
    private final int[] wordTopics;
    private final int[] wordPos;
    private final int[] wordNnz;
    private final int[] docTopics;
    private final int[] docPos;
    private int docNnz;
    private final double[] invDenom;
    private final double[] coef;
    private final double[] qTerms;

    LdaSampler(Corpus corpus, int k, double alpha, double beta) {
        this.k = k;
        this.w = corpus.vocabulary();
        this.alpha = alpha;
        this.beta = beta;
        this.betaSum = beta * w;
        this.totals = w * k;
        int docs = corpus.docs();
        if (corpus.tokens() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(corpus.source() + ": " + corpus.tokens()
                    + " tokens on one rank; use more ranks");
        }
        this.docTok = new int[docs + 1];
        this.tokens = new int[(int) corpus.tokens()];
        int j = 0;
        for (int d = 0; d < docs; d++) {
            for (int e = corpus.rowPtr()[d]; e < corpus.rowPtr()[d + 1]; e++) {
                for (int c = 0; c < corpus.counts()[e]; c++) {
                    tokens[j++] = corpus.words()[e];
                }
            }
            docTok[d + 1] = j;
        }
        this.z = new int[tokens.length];
        this.ndk = new int[docs * k];
        this.counts = new int[totals + k];
        this.snapshot = new int[totals + k];
        this.wordTopics = new int[totals];
        this.wordPos = new int[totals];
        this.wordNnz = new int[w];
        this.docTopics = new int[k];
        this.docPos = new int[k];
        this.invDenom = new double[k];
        this.coef = new double[k];
        this.qTerms = new double[k];
    }

    int docs() {
        return docTok.length - 1;
    }

    /** Length of {@link #counts}: W k word-topic counts, then k topic totals. */
    int countsLength() {
        return totals + k;
    }

    /** Uniform random topics (stream (seed, -1, doc)); the document counts follow, the global ones do not. */
    void initialise(long seed, long firstDoc) {
        for (int d = 0; d < docs(); d++) {
            long rng = SplitMix.stream(seed, -1, firstDoc + d);
            for (int j = docTok[d]; j < docTok[d + 1]; j++) {
                rng = SplitMix.next(rng);
                z[j] = SplitMix.below(rng, k);
            }
        }
        countDocuments();
    }

    /** Recomputes {@link #ndk} from the assignments. */
    void countDocuments() {
        Arrays.fill(ndk, 0);
        for (int d = 0; d < docs(); d++) {
            for (int j = docTok[d]; j < docTok[d + 1]; j++) {
                ndk[d * k + z[j]]++;
            }
        }
    }

    /** Adds this rank's word-topic and topic counts (from its assignments) into {@code out}. */
    void countLocal(int[] out) {
        for (int j = 0; j < tokens.length; j++) {
            out[tokens[j] * k + z[j]]++;
            out[totals + z[j]]++;
        }
    }

    /** Takes {@code global} (layout of {@link #counts}) as the counts. */
    void setGlobal(int[] global) {
        System.arraycopy(global, 0, counts, 0, counts.length);
        rebuildWordSets();
    }

    /** Writes this rank's changes since the sweep began into {@code out}. */
    void deltaInto(int[] out) {
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] - snapshot[i];
        }
    }

    /** The counts become those at the start of the sweep plus {@code combined}, every rank's changes. */
    void applyGlobal(int[] combined) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = snapshot[i] + combined[i];
        }
        rebuildWordSets();
    }

    private void rebuildWordSets() {
        for (int v = 0; v < w; v++) {
            int base = v * k;
            int n = 0;
            for (int t = 0; t < k; t++) {
                if (counts[base + t] > 0) {
                    wordPos[base + t] = n;
                    wordTopics[base + n++] = t;
                }
            }
            wordNnz[v] = n;
        }
    }

    /** One sweep over the local tokens in order; document d draws from stream (seed, sweep, firstDoc + d). */
    void sweep(long seed, long sweep, long firstDoc) {
        System.arraycopy(counts, 0, snapshot, 0, counts.length);
        double ab = alpha * beta;
        double sSum = 0;
        for (int t = 0; t < k; t++) {
            invDenom[t] = 1.0 / (betaSum + counts[totals + t]);
            coef[t] = alpha * invDenom[t];
            sSum += ab * invDenom[t];
        }
        for (int d = 0; d < docs(); d++) {
            if (docTok[d] == docTok[d + 1]) {
                continue;
            }
            long rng = SplitMix.stream(seed, sweep, firstDoc + d);
            int base = d * k;
            docNnz = 0;
            double rSum = 0;
            for (int t = 0; t < k; t++) {
                int c = ndk[base + t];
                if (c > 0) {
                    docPos[t] = docNnz;
                    docTopics[docNnz++] = t;
                    rSum += c * beta * invDenom[t];
                    coef[t] = (alpha + c) * invDenom[t];
                }
            }
            for (int j = docTok[d]; j < docTok[d + 1]; j++) {
                int word = tokens[j];
                int wb = word * k;
                int old = z[j];
                // take the token out
                double inv = invDenom[old];
                int cd = ndk[base + old];
                sSum -= ab * inv;
                rSum -= cd * beta * inv;
                ndk[base + old] = --cd;
                int cw = --counts[wb + old];
                inv = 1.0 / (betaSum + --counts[totals + old]);
                invDenom[old] = inv;
                sSum += ab * inv;
                rSum += cd * beta * inv;
                coef[old] = (alpha + cd) * inv;
                if (cd == 0) {
                    removeDocTopic(old);
                }
                if (cw == 0) {
                    removeWordTopic(word, wb, old);
                }
                // the word bucket
                int nz = wordNnz[word];
                double qSum = 0;
                for (int i = 0; i < nz; i++) {
                    int t = wordTopics[wb + i];
                    double q = coef[t] * counts[wb + t];
                    qTerms[i] = q;
                    qSum += q;
                }
                rng = SplitMix.next(rng);
                double u = SplitMix.uniform(rng) * (sSum + rSum + qSum);
                int nt;
                if (u < qSum) {
                    int i = 0;
                    while (i < nz - 1 && u >= qTerms[i]) {
                        u -= qTerms[i++];
                    }
                    nt = wordTopics[wb + i];
                } else if ((u -= qSum) < rSum && docNnz > 0) {
                    int i = 0;
                    nt = docTopics[0];
                    while (i < docNnz) {
                        nt = docTopics[i++];
                        u -= ndk[base + nt] * beta * invDenom[nt];
                        if (u < 0) {
                            break;
                        }
                    }
                } else {
                    u -= rSum;
                    nt = k - 1;
                    for (int t = 0; t < k; t++) {
                        u -= ab * invDenom[t];
                        if (u < 0) {
                            nt = t;
                            break;
                        }
                    }
                }
                // put it back with topic nt
                inv = invDenom[nt];
                cd = ndk[base + nt];
                sSum -= ab * inv;
                rSum -= cd * beta * inv;
                ndk[base + nt] = ++cd;
                cw = ++counts[wb + nt];
                inv = 1.0 / (betaSum + ++counts[totals + nt]);
                invDenom[nt] = inv;
                sSum += ab * inv;
                rSum += cd * beta * inv;
                coef[nt] = (alpha + cd) * inv;
                if (cd == 1) {
                    docPos[nt] = docNnz;
                    docTopics[docNnz++] = nt;
                }
                if (cw == 1) {
                    wordPos[wb + nt] = wordNnz[word];
                    wordTopics[wb + wordNnz[word]++] = nt;
                }
                z[j] = nt;
            }
            for (int i = 0; i < docNnz; i++) {
                int t = docTopics[i];
                coef[t] = alpha * invDenom[t];
            }
        }
    }

    private void removeDocTopic(int t) {
        int p = docPos[t];
        int last = docTopics[--docNnz];
        docTopics[p] = last;
        docPos[last] = p;
    }

    private void removeWordTopic(int word, int wb, int t) {
        int p = wordPos[wb + t];
        int last = wordTopics[wb + --wordNnz[word]];
        wordTopics[wb + p] = last;
        wordPos[wb + last] = p;
    }

    /**
     * Σ over local tokens of log Σ_t θ_dt φ_tw with θ_dt = (n_dt + α)/(n_d + kα) and φ_tw =
     * (n_wt + β)/(n_t + Wβ) from the current counts; computed per (document, word) entry through the
     * same buckets as the sampler (smoothing + document part per document, word part per entry).
     */
    double pluginLogSum(Corpus corpus) {
        int[] rowPtr = corpus.rowPtr();
        int[] words = corpus.words();
        int[] cnt = corpus.counts();
        for (int t = 0; t < k; t++) {
            invDenom[t] = 1.0 / (betaSum + counts[totals + t]);
        }
        double sum = 0;
        for (int d = 0; d < docs(); d++) {
            int base = d * k;
            int nd = docTok[d + 1] - docTok[d];
            double flat = 0;
            for (int t = 0; t < k; t++) {
                coef[t] = (alpha + ndk[base + t]) * invDenom[t];
                flat += coef[t] * beta;
            }
            double norm = 1.0 / (nd + k * alpha);
            for (int e = rowPtr[d]; e < rowPtr[d + 1]; e++) {
                int wb = words[e] * k;
                double p = flat;
                for (int i = 0; i < wordNnz[words[e]]; i++) {
                    int t = wordTopics[wb + i];
                    p += coef[t] * counts[wb + t];
                }
                sum += cnt[e] * Math.log(p * norm);
            }
        }
        return sum;
    }

    /** The local documents' part of log p(z | α): Σ_d [Σ_t log Γ(α + n_dt) − log Γ(α)] + log Γ(kα) − log Γ(kα + n_d). */
    double docLogLikelihood() {
        double lgAlpha = LogGamma.of(alpha);
        double lgAlphaSum = LogGamma.of(k * alpha);
        double sum = 0;
        for (int d = 0; d < docs(); d++) {
            int nd = docTok[d + 1] - docTok[d];
            if (nd == 0) {
                continue;
            }
            for (int t = 0; t < k; t++) {
                int c = ndk[d * k + t];
                if (c > 0) {
                    sum += LogGamma.of(alpha + c) - lgAlpha;
                }
            }
            sum += lgAlphaSum - LogGamma.of(k * alpha + nd);
        }
        return sum;
    }

    /** log p(w | z, β) from the (global) counts: Σ_t [log Γ(Wβ) − log Γ(Wβ + n_t) + Σ_w (log Γ(β + n_wt) − log Γ(β))]. */
    double topicLogLikelihood() {
        double lgBeta = LogGamma.of(beta);
        double sum = 0;
        for (int i = 0; i < totals; i++) {
            int c = counts[i];
            if (c > 0) {
                sum += LogGamma.of(beta + c) - lgBeta;
            }
        }
        double lgBetaSum = LogGamma.of(betaSum);
        for (int t = 0; t < k; t++) {
            sum += lgBetaSum - LogGamma.of(betaSum + counts[totals + t]);
        }
        return sum;
    }

    /** Tokens over all ranks (from the global topic totals). */
    long totalTokens() {
        long n = 0;
        for (int t = 0; t < k; t++) {
            n += counts[totals + t];
        }
        return n;
    }
}
