package dev.concord.runtime.launch;

import dev.concord.runtime.Durations;
import dev.concord.runtime.bootstrap.TransportPlugin;
import dev.concord.runtime.tcp.CoordinatorService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts the N ranks of a job and supervises them, like mpirun: each rank gets its identity in
 * {@code CONCORD_*} variables (the launcher runs the job's coordinator and generates a random job
 * token per attempt), output is forwarded line by line with a rank prefix, the first rank to exit
 * non-zero fails the job (the others get a grace period to notice and exit, then SIGTERM, then
 * SIGKILL), and the whole job is restarted up to {@code maxRestarts} times (not after a usage
 * error, {@link ExitCodes#USAGE}, or bad input data, {@link ExitCodes#DATA_ERROR}, which every
 * attempt would repeat). The launcher's own
 * SIGINT/SIGTERM stops every rank. Exit statuses: {@link ExitCodes}.
 */
public final class JobLauncher {
    private final LaunchSpec spec;
    private final OutputSink sink;
    private final Observer observer;
    private volatile Attempt current;
    private volatile boolean interrupted;

    /** Sees every line and attempt; may inject faults (tests). */
    public interface Observer {
        default void onStart(int attempt, Control control) {
        }

        default void onLine(int rank, int attempt, boolean stderr, String line, Control control) {
        }
    }

    /** Signals to the running ranks of the current attempt. */
    public interface Control {
        /** SIGKILL. */
        void kill(int rank);

        /** SIGSTOP. */
        void stop(int rank);

        /** SIGCONT. */
        void resume(int rank);

        /** Process id of a local rank, or -1. */
        long pid(int rank);
    }

    /** Outcome of a job. */
    public record Result(int exitCode, int restarts, int failedRank, String reason) {
    }

    public JobLauncher(LaunchSpec spec, OutputSink sink, Observer observer) {
        this.spec = spec;
        this.sink = sink;
        this.observer = observer == null ? new Observer() { } : observer;
    }

    /** Runs the job to completion (or final failure) and returns its outcome. */
    public Result run() {
        Thread hook = new Thread(this::onSignal, "concord-launcher-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long deadline = spec.timeoutNanos() > 0 ? System.nanoTime() + spec.timeoutNanos() : Long.MAX_VALUE;
            for (int attempt = 0; ; attempt++) {
                long t0 = System.nanoTime();
                Attempt a = new Attempt(attempt);
                current = a;
                Result r = a.run(deadline);
                current = null;
                // a bad command line, or bad input data, fails every attempt alike
                String repeats = ExitCodes.restartWouldRepeat(r.exitCode());
                if (r.exitCode() != ExitCodes.OK && r.failedRank() >= 0 && !interrupted && spec.maxRestarts() > 0
                        && (attempt >= spec.maxRestarts() || repeats != null)) {
                    sink.launcher(repeats != null ? "not restarting: " + r.reason() + " (" + repeats + ")"
                            : "giving up: the job failed " + (attempt + 1) + " times (--max-restarts "
                            + spec.maxRestarts() + "); last: " + r.reason());
                }
                if (r.exitCode() == ExitCodes.OK || r.exitCode() == ExitCodes.TIMEOUT || interrupted || repeats != null
                        || attempt >= spec.maxRestarts() || r.failedRank() < 0) {
                    return new Result(interrupted ? ExitCodes.INTERRUPTED : r.exitCode(), attempt, r.failedRank(),
                            r.reason());
                }
                sink.launcher("job failed after " + Durations.format(System.nanoTime() - t0) + ": " + r.reason()
                        + "; restarting all " + spec.np() + " ranks (restart " + (attempt + 1) + " of "
                        + spec.maxRestarts() + ")");
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
    }

    private void onSignal() {
        interrupted = true;
        Attempt a = current;
        if (a != null) {
            // otherwise the only lines are ranks 'exiting with status 143', as if one had failed
            sink.launcher("interrupted (SIGINT or SIGTERM); stopping all " + spec.np() + " ranks");
            a.stopAll("the launcher was interrupted");
        }
    }

    /** One start of all ranks. */
    private final class Attempt implements Control {
        private final int number;
        private final Process[] procs;
        private final List<Thread> pumps = new ArrayList<>();
        private final LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
        /** Set by {@link #stopAll}; guarded by {@code procs}. */
        private boolean stopping;

        Attempt(int number) {
            this.number = number;
            this.procs = new Process[spec.np()];
        }

        Result run(long deadline) {
            List<String> hosts = spec.placement();
            boolean allLocal = hosts.stream().allMatch(h -> HostSlots.isLocal(h));
            String coordinatorHost = spec.coordinatorHost() != null ? spec.coordinatorHost()
                    : allLocal ? "127.0.0.1" : localAddress();
            byte[] tokenBytes = new byte[32];
            new SecureRandom().nextBytes(tokenBytes);
            String token = HexFormat.of().formatHex(tokenBytes);
            CoordinatorService coordinator = CoordinatorService.start(
                    new InetSocketAddress(allLocal ? "127.0.0.1" : "0.0.0.0", 0), spec.np(),
                    token.getBytes(StandardCharsets.UTF_8), null);
            TransportPlugin.JobService transportService = null;
            try {
                transportService = openTransportService(allLocal, coordinatorHost);
                int localRanks = (int) hosts.stream().filter(HostSlots::isLocal).count();
                for (int r = 0; r < spec.np(); r++) {
                    Map<String, String> env = new HashMap<>(spec.env());
                    env.put("CONCORD_RANK", Integer.toString(r));
                    env.put("CONCORD_SIZE", Integer.toString(spec.np()));
                    env.put("CONCORD_LOCAL_RANK", Integer.toString(localRank(hosts, r)));
                    env.put("CONCORD_COORDINATOR", coordinatorHost + ":" + coordinator.port());
                    env.put("CONCORD_COORDINATOR_EXTERNAL", "1");
                    env.put("CONCORD_JOB_TOKEN", token);
                    env.put("CONCORD_ATTEMPT", Integer.toString(number));
                    if (transportService != null) {
                        env.putAll(transportService.rankEnv(r));
                    }
                    if (HostSlots.isLocal(hosts.get(r))) {
                        env.putAll(defaultSpin(localRanks, Runtime.getRuntime().availableProcessors(), env, System.getenv()));
                    }
                    if (System.nanoTime() - deadline > 0) {
                        sink.launcher("--timeout passed while starting ranks; killing the " + r + " started");
                        stopAll("timeout");
                        return new Result(ExitCodes.TIMEOUT, number, -1, "timeout");
                    }
                    synchronized (procs) {
                        if (stopping) { // the launcher was interrupted: start no more ranks
                            return new Result(ExitCodes.INTERRUPTED, number, -1, "interrupted while starting ranks");
                        }
                        try {
                            procs[r] = start(r, hosts.get(r), env);
                        } catch (IOException e) {
                            stopAll("rank " + r + " could not be started");
                            return new Result(ExitCodes.LAUNCH_FAILED, number, -1,
                                    "could not start rank " + r + ": " + e.getMessage());
                        }
                    }
                    int rank = r;
                    procs[r].onExit().thenRun(() -> exits.add(rank));
                }
                observer.onStart(number, this);
                return supervise(deadline, coordinator);
            } finally {
                coordinator.close();
                if (transportService != null) {
                    transportService.close();
                }
                for (Thread t : pumps) {
                    try {
                        t.join(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        /** The launcher-side service of a plugin transport (e.g. MPJ's port exchange), or null. */
        private TransportPlugin.JobService openTransportService(boolean allLocal, String advertisedHost) {
            String transport = spec.env().getOrDefault("CONCORD_TRANSPORT", "tcp");
            return TransportPlugin.find(transport)
                    .map(p -> p.openJob(spec.np(), allLocal ? "127.0.0.1" : "0.0.0.0", advertisedHost))
                    .orElse(null);
        }

        private Result supervise(long deadline, CoordinatorService coordinator) {
            int alive = spec.np();
            int failedRank = -1;
            int failedCode = 0;
            long failedAt = 0;
            boolean termSent = false;
            while (alive > 0) {
                long now = System.nanoTime();
                if (now - deadline > 0 && failedRank < 0) {
                    sink.launcher("--timeout passed; killing all ranks");
                    stopAll("timeout");
                    return new Result(ExitCodes.TIMEOUT, number, -1, "timeout");
                }
                if (failedRank >= 0 && !termSent && now - failedAt > spec.graceNanos()) {
                    termSent = true;
                    for (Process p : procs) {
                        if (p.isAlive()) {
                            p.destroy();
                        }
                    }
                }
                if (failedRank >= 0 && now - failedAt > 2 * spec.graceNanos()) {
                    for (Process p : procs) {
                        if (p.isAlive()) {
                            p.destroyForcibly();
                        }
                    }
                }
                Integer rank;
                try {
                    rank = exits.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopAll("interrupted");
                    return new Result(ExitCodes.INTERRUPTED, number, -1, "interrupted");
                }
                if (rank == null) {
                    continue;
                }
                alive--;
                int code = procs[rank].exitValue();
                // before it joined (say it returned before Concord.init()), the others would wait for it
                // until their connect timeout and then not know whom they waited for
                coordinator.rankEnded(rank, "rank " + rank + " exited with status " + code + describeSignal(code)
                        + " before it joined the job");
                if (code == 0) {
                    continue;
                }
                sink.launcher("rank " + rank + " exited with status " + code + describeSignal(code)
                        + (failedRank < 0 && alive > 0 ? "; stopping the other ranks" : ""));
                if (failedRank < 0) {
                    failedAt = System.nanoTime();
                    reportUnregistered(coordinator);
                }
                // a rank that stopped because of another's failure does not name the job's cause
                if (failedRank < 0 || failedCode == ExitCodes.PEER_FAILED && code != ExitCodes.PEER_FAILED) {
                    failedRank = rank;
                    failedCode = code;
                }
            }
            if (failedRank < 0) {
                return new Result(ExitCodes.OK, number, -1, "");
            }
            return new Result(failedCode, number, failedRank,
                    "rank " + failedRank + " exited with status " + failedCode + describeSignal(failedCode));
        }

        /**
         * At the first failure: names the ranks still running that never registered with the
         * coordinator. The registered ranks time out saying only that the job did not form; the
         * launcher knows which ranks kept it from forming (stopped, hung before joining, or unable
         * to reach the coordinator).
         */
        private void reportUnregistered(CoordinatorService coordinator) {
            List<Integer> stuck = new ArrayList<>();
            for (int r : coordinator.unregistered()) {
                if (procs[r].isAlive()) {
                    stuck.add(r);
                }
            }
            if (!stuck.isEmpty()) {
                sink.launcher((stuck.size() == 1 ? "rank " + stuck.get(0) + " is running but never registered"
                        : "ranks " + stuck + " are running but never registered") + " with the coordinator at port "
                        + coordinator.port() + " (stopped, hung before joining, or unable to reach it)");
            }
        }

        /**
         * Stops every rank started, and any start from now on (under the lock of {@code procs},
         * as starts are: a signal that arrives while ranks are being started leaves none behind).
         */
        void stopAll(String why) {
            synchronized (procs) {
                stopping = true;
                for (Process p : procs) {
                    if (p != null && p.isAlive()) {
                        p.destroy();
                    }
                }
            }
            long until = System.nanoTime() + spec.graceNanos();
            for (Process p : procs) {
                if (p == null) {
                    continue;
                }
                try {
                    long left = until - System.nanoTime();
                    if (left > 0) {
                        p.waitFor(left, TimeUnit.NANOSECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }

        private Process start(int rank, String host, Map<String, String> env) throws IOException {
            List<String> cmd = new ArrayList<>();
            ProcessBuilder pb = new ProcessBuilder();
            if (HostSlots.isLocal(host) || spec.rsh().isEmpty()) {
                env.put("CONCORD_LAUNCHER_PID", Long.toString(ProcessHandle.current().pid()));
                cmd.addAll(spec.rankCommand());
                pb.environment().putAll(env);
            } else {
                cmd.addAll(spec.rsh());
                cmd.add(host);
                StringBuilder remote = new StringBuilder("env");
                for (Map.Entry<String, String> e : env.entrySet()) {
                    remote.append(' ').append(quote(e.getKey() + "=" + e.getValue()));
                }
                for (String arg : spec.rankCommand()) {
                    remote.append(' ').append(quote(arg));
                }
                cmd.add(remote.toString());
            }
            pb.command(cmd);
            Process p = pb.start();
            p.getOutputStream().close();
            pump(rank, p.getInputStream(), false);
            pump(rank, p.getErrorStream(), true);
            return p;
        }

        private void pump(int rank, InputStream in, boolean stderr) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        observer.onLine(rank, number, stderr, line, this);
                        sink.line(rank, stderr, line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "concord-rank" + rank + (stderr ? "-stderr" : "-stdout"));
            t.setDaemon(true);
            t.start();
            pumps.add(t);
        }

        @Override
        public void kill(int rank) {
            Process p = procs[rank];
            if (p != null) {
                p.destroyForcibly();
            }
        }

        @Override
        public void stop(int rank) {
            signal(rank, "STOP");
        }

        @Override
        public void resume(int rank) {
            signal(rank, "CONT");
        }

        @Override
        public long pid(int rank) {
            Process p = procs[rank];
            return p == null ? -1 : p.pid();
        }

        private void signal(int rank, String sig) {
            long pid = pid(rank);
            if (pid <= 0) {
                return;
            }
            try {
                new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException("could not send SIG" + sig + " to rank " + rank + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How ranks on this host wait, unless the user set {@code CONCORD_SPIN} or {@code
     * CONCORD_SPIN_YIELD}: with no more ranks than cores, a waiting thread spins {@value
     * #UNDERSUBSCRIBED_SPIN} before it parks (a parked thread on an idle virtual CPU can take
     * hundreds of microseconds to wake, more than a small message takes); with more ranks than
     * cores it spins up to {@value #OVERSUBSCRIBED_SPIN} yielding its core at every poll (as Open
     * MPI's {@code mpi_yield_when_idle} does when oversubscribed): the rank it waits for may be
     * queued on that very core, and parking would add two wake-ups (the reader thread's and its
     * own) to every message. Returns the variables to set.
     */
    static Map<String, String> defaultSpin(int ranksHere, int cores, Map<String, String> rankEnv,
            Map<String, String> ownEnv) {
        for (String name : new String[] {"CONCORD_SPIN", "CONCORD_SPIN_YIELD"}) {
            if (rankEnv.containsKey(name) || ownEnv.containsKey(name)) {
                return Map.of();
            }
        }
        return ranksHere <= cores ? Map.of("CONCORD_SPIN", UNDERSUBSCRIBED_SPIN)
                : Map.of("CONCORD_SPIN", OVERSUBSCRIBED_SPIN, "CONCORD_SPIN_YIELD", "1");
    }

    static final String UNDERSUBSCRIBED_SPIN = "500us";
    static final String OVERSUBSCRIBED_SPIN = "5ms";

    private static int localRank(List<String> hosts, int rank) {
        int local = 0;
        for (int i = 0; i < rank; i++) {
            if (hosts.get(i).equals(hosts.get(rank))) {
                local++;
            }
        }
        return local;
    }

    private static String describeSignal(int code) {
        if (code > 128 && code < 160) {
            String[] names = {"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
                "USR2", "PIPE", "ALRM", "TERM"};
            int sig = code - 128;
            return " (killed by SIG" + (sig < names.length ? names[sig] : Integer.toString(sig)) + ")";
        }
        return "";
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    /** Quotes {@code s} for a POSIX shell (ssh joins its arguments into one shell command). */
    static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
