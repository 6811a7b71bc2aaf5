package dev.concord.runtime.testkit;

import dev.concord.runtime.launch.JobLauncher;
import dev.concord.runtime.launch.LaunchSpec;
import dev.concord.runtime.launch.OutputSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a main class as N separate JVMs through {@link JobLauncher} (real processes, real TCP),
 * records every line each rank prints (with a timestamp), and injects faults: SIGKILL or SIGSTOP
 * a rank when it prints a matching line, or at a seeded random moment.
 *
 * <pre>{@code
 * ProcessCluster.Result r = ProcessCluster.of(4, MyProgram.class).args("--steps", "100")
 *         .killWhen(2, line -> line.equals("step 10")).run();
 * }</pre>
 */
public final class ProcessCluster {
    private final int np;
    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto"));
    private final Map<String, String> env = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private Duration timeout = Duration.ofMinutes(2);
    private int maxRestarts;
    private Duration grace = Duration.ofSeconds(2);

    private record Fault(int rank, Predicate<String> when, boolean stop, int attempt) {
    }

    /** A line a rank printed, and when (System.nanoTime). */
    public record Line(int rank, int attempt, boolean stderr, String text, long nanos) {
    }

    /** What happened. */
    public record Result(int exitCode, int restarts, List<Line> lines, Map<String, Long> faultTimes, List<Long> pids) {
        /** Lines of one rank (all attempts). */
        public List<String> linesOf(int rank) {
            List<String> out = new ArrayList<>();
            for (Line l : lines) {
                if (l.rank() == rank) {
                    out.add(l.text());
                }
            }
            return out;
        }

        /** First line of {@code rank} containing {@code text}, or null. */
        public Line first(int rank, String text) {
            for (Line l : lines) {
                if (l.rank() == rank && l.text().contains(text)) {
                    return l;
                }
            }
            return null;
        }

        /** Every line, "[rank] text", for assertion messages. */
        public String transcript() {
            StringBuilder b = new StringBuilder();
            for (Line l : lines) {
                b.append('[').append(l.rank()).append(l.stderr() ? "!" : "").append("] ").append(l.text()).append('\n');
            }
            return b.toString();
        }
    }

    private ProcessCluster(int np, String mainClass) {
        this.np = np;
        this.mainClass = mainClass;
    }

    public static ProcessCluster of(int np, Class<?> mainClass) {
        return new ProcessCluster(np, mainClass.getName());
    }

    public static ProcessCluster of(int np, String mainClass) {
        return new ProcessCluster(np, mainClass);
    }

    public ProcessCluster args(String... a) {
        Collections.addAll(args, a);
        return this;
    }

    public ProcessCluster env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ProcessCluster jvmArg(String a) {
        jvmArgs.add(a);
        return this;
    }

    public ProcessCluster timeout(Duration d) {
        timeout = d;
        return this;
    }

    public ProcessCluster maxRestarts(int k) {
        maxRestarts = k;
        return this;
    }

    public ProcessCluster grace(Duration d) {
        grace = d;
        return this;
    }

    /** SIGKILL {@code rank} (first attempt only) when it prints a line matching {@code when}. */
    public ProcessCluster killWhen(int rank, Predicate<String> when) {
        faults.add(new Fault(rank, when, false, 0));
        return this;
    }

    /** SIGSTOP {@code rank} (first attempt only) when it prints a line matching {@code when}. */
    public ProcessCluster stopWhen(int rank, Predicate<String> when) {
        faults.add(new Fault(rank, when, true, 0));
        return this;
    }

    /** SIGKILL a seeded-random rank when it prints its k-th line matching {@code when}, k seeded in [1, maxK]. */
    public ProcessCluster killRandomly(long seed, Predicate<String> when, int maxK) {
        Random rnd = new Random(seed);
        int rank = rnd.nextInt(np);
        int k = 1 + rnd.nextInt(maxK);
        int[] seen = {0};
        faults.add(new Fault(rank, line -> when.test(line) && ++seen[0] == k, false, 0));
        return this;
    }

    /** Runs the job to the end and returns what happened. */
    public Result run() {
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> faultTimes = Collections.synchronizedMap(new HashMap<>());
        List<Long> pids = Collections.synchronizedList(new ArrayList<>());
        boolean[] fired = new boolean[faults.size()];
        List<String> command = LaunchSpec.javaCommand(jvmArgs, System.getProperty("java.class.path"), mainClass, args);
        LaunchSpec spec = new LaunchSpec(np, command, env, List.of(), List.of(), null, maxRestarts,
                timeout.toNanos(), grace.toNanos());
        OutputSink sink = new OutputSink() {
            @Override
            public void line(int rank, boolean stderr, String text) {
                // recorded by the observer, which sees the attempt too
            }

            @Override
            public void launcher(String text) {
                lines.add(new Line(-1, -1, true, "concord: " + text, System.nanoTime()));
            }
        };
        JobLauncher.Observer observer = new JobLauncher.Observer() {
            @Override
            public void onStart(int attempt, JobLauncher.Control control) {
                for (int r = 0; r < np; r++) {
                    pids.add(control.pid(r));
                }
            }

            @Override
            public void onLine(int rank, int attempt, boolean stderr, String line, JobLauncher.Control control) {
                lines.add(new Line(rank, attempt, stderr, line, System.nanoTime()));
                for (int i = 0; i < faults.size(); i++) {
                    Fault f = faults.get(i);
                    synchronized (fired) {
                        if (fired[i] || f.rank() != rank || f.attempt() != attempt || !f.when().test(line)) {
                            continue;
                        }
                        fired[i] = true;
                    }
                    faultTimes.put((f.stop() ? "stop" : "kill") + ":" + rank, System.nanoTime());
                    if (f.stop()) {
                        control.stop(rank);
                    } else {
                        control.kill(rank);
                    }
                }
            }
        };
        JobLauncher.Result r = new JobLauncher(spec, sink, observer).run();
        return new Result(r.exitCode(), r.restarts(), new ArrayList<>(lines), new HashMap<>(faultTimes),
                new ArrayList<>(pids));
    }

    /** True when no process with one of these pids is alive (waiting up to {@code within}). */
    public static boolean allGone(List<Long> pids, Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (true) {
            boolean any = false;
            for (long pid : pids) {
                if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    any = true;
                }
            }
            if (!any) {
                return true;
            }
            if (System.nanoTime() - until > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
