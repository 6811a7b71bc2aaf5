package dev.concord.models.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.BagOfWordsReader;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.TrainingOutcome;
import dev.concord.runtime.testkit.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document completion on held-out KJV chapters: independent of the world size, and far better than uniform. */
class HeldOutPerplexityTest {
    @TempDir
    Path dir;

    @Test
    void shouldScoreHeldOutDocumentsTheSameWithAnyNumberOfRanks() throws Exception {
        // the last 150 chapters of the corpus, renumbered, as a held-out file over the same vocabulary
        List<String> lines = Files.readAllLines(LdaModelTest.KJV);
        List<String> test = new ArrayList<>();
        int firstHeldOut = 1189 - 150 + 1;
        for (String l : lines.subList(3, lines.size())) {
            String[] f = l.split(" ");
            int d = Integer.parseInt(f[0]);
            if (d >= firstHeldOut) {
                test.add((d - firstHeldOut + 1) + " " + f[1] + " " + f[2]);
            }
        }
        test.add(0, Integer.toString(test.size()));
        test.add(0, lines.get(1));
        test.add(0, "150");
        Path file = dir.resolve("kjv-test.docword.txt");
        Files.write(file, test);
        // one trained model, scored by 1, 2 and 3 ranks
        TrainingOutcome trained = LdaModelTest.train(1, "lda", "--data", LdaModelTest.KJV.toString(), "--k", "10",
                "--iterations", "30", "--test-data", file.toString()).get(0);
        int k = 10;
        int w = 6083;
        int[] byTopic = trained.state().ints("topic_word_counts");
        int[] counts = new int[w * k + k];
        for (int t = 0; t < k; t++) {
            for (int v = 0; v < w; v++) {
                counts[v * k + t] = byTopic[t * w + v];
                counts[w * k + t] += byTopic[t * w + v];
            }
        }
        ModelState state = new ModelState().put("word_topic_counts", counts, counts.length).put("sweeps", 30)
                .putScalars("lda_metrics", 0, 0);
        double[] perplexity = new double[4];
        for (int np = 1; np <= 3; np++) {
            perplexity[np] = LocalCluster.of(np).call(comm -> {
                Collectives coll = Collectives.of(comm);
                Corpus heldOut = Corpus.of(BagOfWordsReader.read(file, null, coll));
                LdaModel model = new LdaModel(heldOut, k, 0.1, 0.01, 0, 1);
                model.restore(state);
                return HeldOutPerplexity.of(model, heldOut, 0, coll);
            }).get(0)[0];
        }
        Matcher m = Pattern.compile("\"heldout_perplexity\":([0-9.]+)").matcher(trained.finalLine());
        assertTrue(m.find(), trained.finalLine());
        assertEquals(Double.parseDouble(m.group(1)), perplexity[1], 1e-12 * perplexity[1], "train --test-data");
        assertEquals(perplexity[1], perplexity[2], 1e-12 * perplexity[1]);
        assertEquals(perplexity[1], perplexity[3], 1e-12 * perplexity[1]);
        assertTrue(perplexity[1] > 100 && perplexity[1] < w, "held-out perplexity " + perplexity[1]
                + " must beat the uniform " + w);
    }

}
