package dev.concord.runtime.launch;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where rank output goes. {@link #prefixed} writes each line whole, prefixed {@code [rank] }, to
 * this process's stdout or stderr under one lock, so lines of different ranks never interleave.
 */
public interface OutputSink {
    /** One complete line of a rank's stdout or stderr (without the newline). */
    void line(int rank, boolean stderr, String text);

    /** A message from the launcher itself. */
    void launcher(String text);

    /** Lines to System.out/System.err, prefixed "[rank] " (or unprefixed when {@code prefix} is false). */
    static OutputSink prefixed(boolean prefix) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Object lock = new Object();
        return new OutputSink() {
            @Override
            public void line(int rank, boolean stderr, String text) {
                byte[] bytes = ((prefix ? "[" + rank + "] " : "") + text + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (lock) {
                    PrintStream s = stderr ? err : out;
                    s.write(bytes, 0, bytes.length);
                    s.flush();
                }
            }

            @Override
            public void launcher(String text) {
                byte[] bytes = ("concord: " + text + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (lock) {
                    err.write(bytes, 0, bytes.length);
                    err.flush();
                }
            }
        };
    }
}
