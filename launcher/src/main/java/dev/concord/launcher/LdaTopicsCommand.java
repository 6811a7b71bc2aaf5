package dev.concord.launcher;

import dev.concord.models.data.BagOfWordsReader;
import dev.concord.models.topics.TopicWords;
import dev.concord.models.train.ModelFile;
import dev.concord.runtime.ConcordException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord lda-topics MODEL --vocab FILE --top 10}: the topics of an LDA or pLSA model file as words. */
@Command(name = "lda-topics", mixinStandardHelpOptions = true,
        description = {"Print the most probable words of every topic of a model written by 'concord train lda|plsa"
            + " --out', one line per topic with its share of the tokens."})
final class LdaTopicsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (.npz) of train lda or plsa.")
    Path model;

    @Option(names = "--vocab", paramLabel = "FILE", description = "Vocabulary (line i = word i); without it, word ids.")
    Path vocab;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Words per topic (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        String[] words = null;
        if (vocab != null) {
            try {
                words = BagOfWordsReader.vocabulary(vocab);
            } catch (ConcordException e) { // a missing or unreadable file: a usage error, as for MODEL
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        List<String> lines;
        try {
            lines = TopicWords.lines(ModelFile.read(model).state(), words, top);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException(model + (vocab == null ? "" : " with " + vocab) + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            System.out.println(line);
        }
        return 0;
    }
}
