package dev.concord.models.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.testutil.MetricLines;
import dev.concord.models.testutil.Reference;
import dev.concord.models.train.ModelFile;
import dev.concord.models.train.PredictMain;
import dev.concord.models.train.TrainMain;
import dev.concord.models.train.TrainingOutcome;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AD-LDA on the KJV corpus across world sizes, against one rank and MALLET's trace. */
class LdaModelTest {
    static final Path KJV = Reference.DATA.resolve("lda/kjv.docword.txt");
    private static final int ITERATIONS = 50;

    @TempDir
    Path dir;

    static List<TrainingOutcome> train(int np, String... args) {
        return LocalCluster.of(np).call(comm -> TrainMain.parse(args).run(comm,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    private List<String> lda(int np, int iterations, String... extra) throws Exception {
        Path metrics = dir.resolve("m" + np + ".jsonl");
        List<String> args = new ArrayList<>(List.of("lda", "--data", KJV.toString(), "--k", "20", "--alpha", "0.1",
                "--beta", "0.01", "--iterations", Integer.toString(iterations), "--seed", "3", "--metrics",
                metrics.toString()));
        args.addAll(List.of(extra));
        List<TrainingOutcome> out = train(np, args.toArray(new String[0]));
        int[] counts = out.get(0).state().ints("topic_word_counts");
        int[] totals = out.get(0).state().ints("topic_counts");
        long tokens = 0;
        for (int t : totals) {
            tokens += t;
        }
        assertEquals(254_824, tokens, "every token counted once over all ranks");
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        assertEquals(tokens, sum);
        for (TrainingOutcome o : out) {
            assertArrayEquals(counts, o.state().ints("topic_word_counts"), "ranks hold the same counts");
        }
        return Files.readAllLines(metrics);
    }

    @Test
    void shouldStayWithinOnePercentOfOneRankAndOfMalletAtFourRanks() throws Exception {
        List<String> one = lda(1, ITERATIONS);
        List<String> four = lda(4, ITERATIONS);
        double a = MetricLines.finalValue(one, "log_likelihood_per_token");
        double b = MetricLines.finalValue(four, "log_likelihood_per_token");
        assertEquals(a, b, 0.01 * Math.abs(a), "np=1 " + a + ", np=4 " + b);
        // MALLET 2.0.8, one thread, same priors: [iteration, LL/token] every 10 iterations
        String mallet = Files.readString(Reference.DATA.resolve("reference/kjv.mallet.json"));
        Matcher m = Pattern.compile("\\[\\s*" + ITERATIONS + "\\s*,\\s*(-[0-9.]+)\\s*]").matcher(mallet);
        assertTrue(m.find(), "MALLET trace has iteration " + ITERATIONS);
        double atFifty = Double.parseDouble(m.group(1));
        assertEquals(atFifty, a, 0.01 * Math.abs(atFifty), "MALLET " + atFifty + " vs Concord " + a);
        double[] ll = MetricLines.values(one, "log_likelihood_per_token");
        assertTrue(ll[ITERATIONS - 1] > ll[0] + 0.5, "the chain mixes: " + ll[0] + " -> " + ll[ITERATIONS - 1]);
        double plugin = MetricLines.finalValue(one, "plugin_perplexity");
        assertTrue(plugin > 500 && plugin < 1500, "plug-in perplexity " + plugin);
    }

    @Test
    void shouldEvaluateOnlyEveryNthIterationWhenAsked() throws Exception {
        List<String> lines = lda(2, 15, "--eval-every", "10");
        assertEquals(16, lines.size());
        assertTrue(lines.get(0).contains("\"log_likelihood_per_token\":null"), lines.get(0));
        assertTrue(lines.get(9).matches(".*\"log_likelihood_per_token\":-\\d.*"), lines.get(9));
        assertTrue(lines.get(14).contains("\"log_likelihood_per_token\":null"), lines.get(14));
        assertTrue(lines.get(15).matches(".*\"final\":true.*\"plugin_perplexity\":\\d.*"), lines.get(15));
    }

    @Test
    void shouldPointPredictToLdaTopicsForATopicModel() {
        Path model = dir.resolve("lda.npz");
        train(1, "lda", "--data", KJV.toString(), "--k", "3", "--iterations", "1", "--out", model.toString());
        Throwable e = assertThrows(RuntimeException.class, () -> LocalCluster.of(1).call(
                comm -> PredictMain.run(ModelFile.read(model), KJV, null, Collectives.of(comm)))).getCause();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("lda-topics"), e.getMessage());
    }
}
