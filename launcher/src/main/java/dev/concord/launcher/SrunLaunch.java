package dev.concord.launcher;

import dev.concord.runtime.bootstrap.RankIdentity;
import dev.concord.runtime.launch.ExitCodes;
import dev.concord.runtime.launch.LaunchSpec;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code concord run} inside a Slurm allocation (a batch script or {@code salloc} shell): one
 * {@code srun -n N --kill-on-bad-exit=1} step places the ranks on the allocated nodes, and the
 * ranks take rank and size from {@code SLURM_PROCID/SLURM_NTASKS}. The launcher only chooses the
 * coordinator (the allocation's first node, where srun puts rank 0, at a port free on this host)
 * and a fresh job token per attempt, and hands them to every task in srun's environment
 * ({@code --export=ALL}) — not on srun's command line, where {@code ps} would show the token.
 */
final class SrunLaunch {
    /** Variables of an enclosing {@code concord run} that must not reach the ranks of this job. */
    private static final List<String> STALE = List.of("CONCORD_RANK", "CONCORD_SIZE", "CONCORD_LOCAL_RANK",
            "CONCORD_COORDINATOR_EXTERNAL", "CONCORD_LAUNCHER_PID", "CONCORD_COORDINATOR", "CONCORD_JOB_TOKEN");

    private SrunLaunch() {
    }

    /**
     * True when {@code concord run} should start its ranks with srun: inside a Slurm job
     * ({@code SLURM_JOB_ID}) but not inside one of its steps, srun on the PATH, and no
     * {@code --host}/{@code --hostfile} (those ask for this launcher's own placement).
     */
    static boolean applies(Map<String, String> env, boolean hostsGiven) {
        String job = env.get("SLURM_JOB_ID");
        return job != null && !job.isBlank() && !hostsGiven && !RankIdentity.inSlurmStep(env)
                && onPath(env.get("PATH"), "srun") != null;
    }

    /** {@code srun -n N --kill-on-bad-exit=1 [--label] --export=ALL RANK_COMMAND…}. */
    static List<String> command(LaunchSpec spec, boolean label) {
        List<String> cmd = new ArrayList<>(List.of("srun", "-n", Integer.toString(spec.np()), "--kill-on-bad-exit=1"));
        if (label) {
            cmd.add("--label");
        }
        cmd.add("--export=ALL");
        cmd.addAll(spec.rankCommand());
        return cmd;
    }

    /** Environment changes for srun: the job's variables, coordinator, token and attempt; stale identity removed. */
    static void environment(Map<String, String> env, LaunchSpec spec, String coordinator, String token, int attempt) {
        env.keySet().removeAll(STALE);
        env.putAll(spec.env());
        env.put("CONCORD_COORDINATOR", coordinator);
        env.put("CONCORD_JOB_TOKEN", token);
        env.put("CONCORD_ATTEMPT", Integer.toString(attempt));
    }

    /** Where rank 0 will run: the first node of the allocation, or this host when the node list is missing. */
    static String coordinatorHost(Map<String, String> env) {
        String list = env.getOrDefault("SLURM_JOB_NODELIST", env.get("SLURM_NODELIST"));
        if (list != null && !list.isBlank()) {
            return firstHost(list.trim());
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    /** First host of a Slurm host list: {@code node[07-09,12],gpu1} → {@code node07}. */
    static String firstHost(String hostlist) {
        int depth = 0;
        int end = hostlist.length();
        for (int i = 0; i < hostlist.length(); i++) {
            char c = hostlist.charAt(i);
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (c == ',' && depth == 0) {
                end = i;
                break;
            }
        }
        String item = hostlist.substring(0, end);
        int open = item.indexOf('[');
        if (open < 0) {
            return item;
        }
        int close = item.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("SLURM_JOB_NODELIST=" + hostlist + ": unclosed '['");
        }
        String first = item.substring(open + 1, close).split(",")[0].split("-")[0];
        return item.substring(0, open) + first + firstHost(item.substring(close + 1));
    }

    /** Runs the job as srun steps, restarting up to {@code spec.maxRestarts()} times; returns the exit status. */
    static int run(LaunchSpec spec, boolean label) throws IOException, InterruptedException {
        long deadline = spec.timeoutNanos() > 0 ? System.nanoTime() + spec.timeoutNanos() : Long.MAX_VALUE;
        String host = coordinatorHost(System.getenv());
        for (int attempt = 0; ; attempt++) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            ProcessBuilder pb = new ProcessBuilder(command(spec, label)).inheritIO();
            environment(pb.environment(), spec, host + ":" + freePort(), HexFormat.of().formatHex(secret), attempt);
            Process srun = pb.start();
            Thread stop = new Thread(srun::destroy, "concord-srun-signal");
            // Ctrl-C or scancel reaches the launcher: srun, on SIGTERM, stops every task of the step
            Runtime.getRuntime().addShutdownHook(stop);
            int code;
            try {
                long left = deadline - System.nanoTime();
                if (!srun.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    System.err.println("concord: --timeout passed; stopping the srun step");
                    srun.destroy();
                    if (!srun.waitFor(spec.graceNanos(), TimeUnit.NANOSECONDS)) {
                        srun.destroyForcibly();
                    }
                    return ExitCodes.TIMEOUT;
                }
                code = srun.exitValue();
            } finally {
                removeHook(stop);
            }
            if (code == ExitCodes.OK || attempt >= spec.maxRestarts()) {
                return code;
            }
            // every rank of a job that fails alike exits with the same status (srun reports the highest)
            String repeats = ExitCodes.restartWouldRepeat(code);
            if (repeats != null) {
                System.err.println("concord: not restarting: the srun step failed with status " + code + " (" + repeats
                        + ")");
                return code;
            }
            System.err.println("concord: srun step failed with status " + code + "; restarting all " + spec.np()
                    + " ranks (restart " + (attempt + 1) + " of " + spec.maxRestarts() + ")");
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook runs
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path onPath(String path, String program) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
