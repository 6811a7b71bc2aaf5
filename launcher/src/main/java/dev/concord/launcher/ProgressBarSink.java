package dev.concord.launcher;

import dev.concord.models.train.ProgressRecord;
import dev.concord.models.train.ProgressReport;
import dev.concord.runtime.launch.OutputSink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Rank output for a terminal, with a progress bar on the last line. Rank 0's {@link
 * ProgressRecord} lines drive the bar (iteration, metrics, ETA; the {@code progressbar} library
 * renders it) and are not printed; every other line goes to {@code inner} whole: under one lock
 * the bar is erased ({@code CR}, {@code ESC[K}), the line written, and the bar drawn again, so
 * rank lines stay line-atomic and the bar never splits one. A restarted job (a record whose
 * iteration is below the bar's) gets a new bar.
 */
final class ProgressBarSink implements OutputSink, AutoCloseable {
    private static final String ERASE = "\r\u001b[K";
    private static final int FALLBACK_WIDTH = 80;

    private final OutputSink inner;
    private final PrintStream terminal;
    /** Guards the terminal and {@code drawn}. */
    private final Object lock = new Object();
    /** Guards {@code bar}; taken before (never inside) {@code lock}. */
    private final Object lifecycle = new Object();
    /** Columns for the bar, measured once up front (the terminal library takes a while to start). */
    private final int width;
    private ProgressBar bar;
    private Consumer drawing;
    private String drawn;

    /**
     * Whether the launcher draws a bar: {@code CONCORD_PROGRESS} is {@code bar}, or {@code auto}
     * (the default) and this process has a terminal ({@code System.console()}: stdin and stdout
     * are terminals); {@code plain} and {@code off} never.
     */
    static boolean wanted(Map<String, String> env, boolean terminal) {
        String mode = env.getOrDefault(ProgressReport.MODE_VARIABLE, "auto").trim();
        return switch (mode) {
            case "auto", "" -> terminal;
            case "bar" -> true;
            case "plain", "off" -> false;
            default -> throw new IllegalArgumentException(ProgressReport.MODE_VARIABLE + "=" + mode
                    + ": expected auto, bar, plain or off");
        };
    }

    /** {@code inner} writes the lines; the bar goes to {@code terminal}, which must be the same terminal. */
    ProgressBarSink(OutputSink inner, PrintStream terminal) {
        this.inner = inner;
        this.terminal = terminal;
        this.width = width();
    }

    @Override
    public void line(int rank, boolean stderr, String text) {
        ProgressRecord r = rank == 0 && !stderr ? ProgressRecord.parse(text) : null;
        if (r != null) {
            update(r);
            return;
        }
        synchronized (lock) {
            erase();
            inner.line(rank, stderr, text);
            redraw();
        }
    }

    @Override
    public void launcher(String text) {
        synchronized (lock) {
            erase();
            inner.launcher(text);
            redraw();
        }
    }

    /** Rank 0's stdout pump only (and {@link #close}); never under {@code lock}, which the bar's renderer takes. */
    private void update(ProgressRecord r) {
        synchronized (lifecycle) {
            if (bar != null && r.iteration() < bar.getCurrent()) {
                finishBar();
            }
            if (bar == null) {
                drawing = new Consumer(width);
                bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(r.maxIterations())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .startsFrom(r.iteration(), Duration.ofNanos(r.elapsedNanos()))
                        .setConsumer(drawing).build();
            }
            bar.stepTo(r.iteration());
            bar.setExtraMessage(r.metrics());
            if (r.done()) {
                finishBar();
            }
        }
    }

    /**
     * Closes the bar: the library draws it a last time (waiting for its renderer), then its line
     * ends. The library skips its consumer's close when the bar closes before its renderer's
     * first run (a short job), so the line is ended here as well (once).
     */
    private void finishBar() {
        ProgressBar b = bar;
        bar = null;
        b.close();
        drawing.close();
    }

    /** Ends a bar left open (rank 0 died before its last record). */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (bar != null) {
                finishBar();
            }
        }
    }

    private void erase() {
        if (drawn != null) {
            write(ERASE);
        }
    }

    private void redraw() {
        if (drawn != null) {
            write("\r" + drawn);
        }
    }

    private void write(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        terminal.write(b, 0, b.length);
        terminal.flush();
    }

    private static int width() {
        int w = new DelegatingProgressBarConsumer(s -> { }).getMaxRenderedLength();
        return (w < 20 ? FALLBACK_WIDTH : w) - 1;
    }

    /** Draws the library's rendering under the sink's lock; on close, ends the bar's line. */
    private final class Consumer implements ProgressBarConsumer {
        private final int width;
        private boolean closed;

        Consumer(int width) {
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                drawn = rendered + ERASE.substring(1);
                write("\r" + drawn);
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (!closed && drawn != null) {
                    write("\n");
                }
                closed = true;
                drawn = null;
            }
        }
    }
}
