package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.models.data.BagOfWords;
import dev.concord.models.data.BagOfWordsReader;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataFormatException;
import dev.concord.models.data.DataOptions;
import dev.concord.models.topics.Corpus;
import dev.concord.models.topics.TopicWords;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.EchoedFailure;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options and data handling the topic models ({@code lda}, {@code plsa}) share (a picocli mixin). */
final class TopicOptions {
    @Option(names = "--k", defaultValue = "20", description = "Topics.")
    int k;

    @Option(names = "--vocab", description = "Vocabulary file (line i = word i); with it rank 0 prints the topics.")
    Path vocab;

    /** The vocabulary's words once read (rank-local), or null. */
    String[] words;

    void validate(CommonOptions common) {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        if (common.data == null) {
            throw new IllegalArgumentException("--data DOCWORD is required (UCI bag-of-words)");
        }
        if (common.format != null && DataFormat.parse(common.format) != DataFormat.BAG_OF_WORDS) {
            throw new IllegalArgumentException("topic models read UCI bag-of-words only, not --format " + common.format);
        }
    }

    /** This rank's documents of {@code file} (collective). */
    Corpus corpus(Path file, TrainSession session) {
        BagOfWords bow = BagOfWordsReader.read(file, words == null ? vocab : null, session.collectives());
        if (bow.vocab() != null) {
            words = bow.vocab();
        }
        return Corpus.of(bow);
    }

    /**
     * This rank's held-out documents of {@code file} (collective), which must share the training
     * corpus's vocabulary size; a mismatch is every rank's failure, reported by rank 0.
     */
    Corpus testCorpus(Path file, Corpus training, TrainSession session) {
        Corpus test = corpus(file, session);
        if (test.vocabulary() != training.vocabulary()) {
            throw EchoedFailure.unlessReporter(new DataFormatException(file + ": vocabulary size "
                    + test.vocabulary() + " differs from the training data's " + training.vocabulary()), 0,
                    session.collectives().communicator().rank());
        }
        return test;
    }

    /** With {@code --vocab}, rank 0 prints the ten most frequent words of every topic of {@code state}. */
    void printTopics(Communicator comm, ModelState state, PrintStream out) {
        if (comm.rank() == 0 && vocab != null) {
            for (String line : TopicWords.lines(state, words, 10)) {
                out.println(line);
            }
            out.flush();
        }
    }

    /** The configuration JSON shared by the topic models. */
    JsonObject config(TrainSession session, Corpus corpus, String model, int defaultIterations) {
        DataOptions options = new DataOptions(DataFormat.BAG_OF_WORDS, corpus.vocabulary(), 1, 0, false);
        return session.config(model, options, corpus.vocabulary(), defaultIterations, 0).put("k", k);
    }
}
