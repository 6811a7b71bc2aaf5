package dev.concord.models.train;

import dev.concord.runtime.FileErrors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Receives one JSON object per line ({@code .jsonl}): per-iteration metrics and a final line. Only
 * rank 0 writes a file; {@link #discard()} is for the others. Keeps the lines in memory too, so
 * tests can inspect them.
 */
public final class MetricsSink implements AutoCloseable {
    private final Writer out;
    private final List<String> lines = new ArrayList<>();
    private final boolean keep;

    private MetricsSink(Writer out, boolean keep) {
        this.out = out;
        this.keep = keep;
    }

    /** Lines go to {@code file} (created or truncated) and are kept. */
    public static MetricsSink toFile(Path file) {
        try {
            FileErrors.createParent(file);
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            return new MetricsSink(w, true);
        } catch (IOException e) {
            throw FileErrors.cannotWrite(file, e);
        }
    }

    /** Lines are only kept in memory. */
    public static MetricsSink inMemory() {
        return new MetricsSink(null, true);
    }

    /** Lines are dropped (ranks other than 0). */
    public static MetricsSink discard() {
        return new MetricsSink(null, false);
    }

    /**
     * False if lines are dropped: the caller need not build them (formatting a line's doubles on
     * every rank costs each rank the compilation of {@code Double.toString}'s code during training).
     */
    public boolean wanted() {
        return keep || out != null;
    }

    /** Appends one JSON object (without newline). */
    public void line(String json) {
        if (keep) {
            lines.add(json);
        }
        if (out != null) {
            try {
                out.write(json);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
            }
        }
    }

    /** The lines so far. */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close metrics file: " + e.getMessage(), e);
            }
        }
    }
}
