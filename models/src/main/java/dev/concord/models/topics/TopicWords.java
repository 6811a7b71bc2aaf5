package dev.concord.models.topics;

import dev.concord.models.train.ModelState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Topics as words: the most probable words of each topic of a trained LDA model ({@code
 * topic_word_counts}) or pLSA model ({@code topic_word}, weighted by {@code topic_tokens}).
 */
public final class TopicWords {
    private TopicWords() {
    }

    /** {@link #lines(double[], double[], int, int, String[], int)} for a model file's state. */
    public static List<String> lines(ModelState state, String[] vocab, int top) {
        if (state.has("topic_word_counts")) {
            long[] shape = state.get("topic_word_counts").shape();
            int k = (int) shape[0];
            int w = (int) shape[1];
            int[] c = state.ints("topic_word_counts");
            double[] weights = new double[c.length];
            double[] mass = new double[k];
            for (int i = 0; i < c.length; i++) {
                weights[i] = c[i];
                mass[i / w] += c[i];
            }
            return lines(weights, mass, k, w, vocab, top);
        }
        if (state.has("topic_word")) {
            long[] shape = state.get("topic_word").shape();
            return lines(state.doubles("topic_word"), state.doubles("topic_tokens"), (int) shape[0], (int) shape[1],
                    vocab, top);
        }
        throw new IllegalArgumentException("not a topic model: no topic_word_counts or topic_word array (has "
                + state.arrays().keySet() + ")");
    }

    /**
     * One line per topic: {@code topic t (s% of tokens): word word …}, the {@code top} words by
     * weight (ties: lower word id first), s from {@code mass}; {@code vocab} may be null (ids shown).
     *
     * @param counts topic-major k x W weights
     */
    public static List<String> lines(double[] counts, double[] mass, int k, int w, String[] vocab, int top) {
        if (counts.length != (long) k * w) {
            throw new IllegalArgumentException(counts.length + " counts do not form a " + k + " x " + w + " matrix");
        }
        if (vocab != null && vocab.length != w) {
            throw new IllegalArgumentException("the vocabulary has " + vocab.length + " words, the model " + w
                    + " (line i of the vocabulary is word i)");
        }
        double all = 0;
        for (double m : mass) {
            all += m;
        }
        List<String> out = new ArrayList<>();
        int n = Math.min(top, w);
        int[] best = new int[n];
        for (int t = 0; t < k; t++) {
            int found = topWords(counts, t * w, w, best);
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "topic %d (%.1f%% of tokens):", t,
                    all == 0 ? 0.0 : 100.0 * mass[t] / all));
            for (int i = 0; i < found; i++) {
                b.append(' ').append(vocab == null ? Integer.toString(best[i]) : vocab[best[i]]);
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Fills {@code best} with the ids of the largest non-zero counts of the row at {@code off}; returns how many. */
    private static int topWords(double[] counts, int off, int w, int[] best) {
        int found = 0;
        for (int v = 0; v < w; v++) {
            double c = counts[off + v];
            if (c == 0 || (found == best.length && c <= counts[off + best[found - 1]])) {
                continue;
            }
            int i = found == best.length ? found - 1 : found++;
            while (i > 0 && counts[off + best[i - 1]] < c) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = v;
        }
        return found;
    }
}
