package dev.concord.models.topics;

import cc.mallet.topics.ParallelTopicModel;
import cc.mallet.types.Alphabet;
import cc.mallet.types.FeatureSequence;
import cc.mallet.types.Instance;
import cc.mallet.types.InstanceList;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The peer of {@code bench/lda.sh}: MALLET 2.0.8's {@code ParallelTopicModel} on a UCI
 * bag-of-words corpus with Concord's token order (per document: word ids ascending, each repeated
 * count times) and priors (α per topic, so MALLET's alphaSum = k α). Prints one JSON line:
 * threads, iterations, tokens, sampling seconds, tokens sampled per second, final
 * modelLogLikelihood() / tokens. MALLET computes its log-likelihood every 10 iterations, as
 * {@code estimate()} does by default; topics are not printed.
 *
 * <p>Usage: {@code MalletBench DOCWORD VOCAB K ALPHA BETA ITERATIONS THREADS SEED}.
 */
public final class MalletBench {
    private MalletBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: MalletBench DOCWORD VOCAB K ALPHA BETA ITERATIONS THREADS SEED");
            System.exit(2);
        }
        int k = Integer.parseInt(args[2]);
        double alpha = Double.parseDouble(args[3]);
        double beta = Double.parseDouble(args[4]);
        int iterations = Integer.parseInt(args[5]);
        int threads = Integer.parseInt(args[6]);
        int seed = Integer.parseInt(args[7]);
        List<String> vocab = Files.readAllLines(Path.of(args[1]));
        Alphabet alphabet = new Alphabet();
        for (String word : vocab) {
            alphabet.lookupIndex(word, true);
        }
        InstanceList instances = new InstanceList(alphabet, null);
        long tokens = 0;
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]))) {
            int docs = Integer.parseInt(r.readLine().trim());
            r.readLine();
            r.readLine();
            int[][] seqs = new int[docs][];
            int[] len = new int[docs];
            for (int d = 0; d < docs; d++) {
                seqs[d] = new int[16];
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.trim().split("\\s+");
                int d = Integer.parseInt(f[0]) - 1;
                int w = Integer.parseInt(f[1]) - 1;
                int c = Integer.parseInt(f[2]);
                for (int i = 0; i < c; i++) {
                    if (len[d] == seqs[d].length) {
                        seqs[d] = java.util.Arrays.copyOf(seqs[d], 2 * len[d]);
                    }
                    seqs[d][len[d]++] = w;
                }
                tokens += c;
            }
            for (int d = 0; d < docs; d++) {
                FeatureSequence fs = new FeatureSequence(alphabet, java.util.Arrays.copyOf(seqs[d], len[d]));
                instances.add(new Instance(fs, null, "doc" + (d + 1), null));
            }
        }
        Logger.getLogger(ParallelTopicModel.class.getName()).setLevel(Level.WARNING);
        ParallelTopicModel lda = new ParallelTopicModel(k, k * alpha, beta);
        lda.setRandomSeed(seed);
        lda.setNumThreads(threads);
        lda.setNumIterations(iterations);
        lda.setTopicDisplay(iterations + 1, 0);
        lda.addInstances(instances);
        long t0 = System.nanoTime();
        lda.estimate();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double ll = lda.modelLogLikelihood() / tokens;
        System.out.println(String.format(Locale.ROOT, "{\"peer\":\"mallet-2.0.8\",\"threads\":%d,\"iterations\":%d,"
                + "\"tokens\":%d,\"sampling_s\":%.3f,\"tokens_per_s\":%.0f,\"log_likelihood_per_token\":%.6f}", threads,
                iterations, tokens, seconds, (double) tokens * iterations / seconds, ll));
    }
}
