package dev.concord.launcher;

import dev.concord.runtime.Durations;
import dev.concord.runtime.FileErrors;
import dev.concord.runtime.bootstrap.TransportPlugin;
import dev.concord.runtime.launch.HostSlots;
import dev.concord.runtime.launch.LaunchSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of every command that starts a job ({@code run}, {@code train}, {@code bench}). */
public final class LaunchOptions {
    @Option(names = {"-np", "-n", "--np"}, description = "Number of ranks (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int np;

    @Option(names = "--oversubscribe", description = "Allow more than " + LaunchOptions.RANKS_PER_CPU
            + " ranks per CPU (at least " + LaunchOptions.MIN_LOCAL_LIMIT + ") on this machine.")
    boolean oversubscribe;

    /** Without {@code --oversubscribe}, a job on this machine alone starts at most this many ranks per CPU... */
    static final int RANKS_PER_CPU = 16;
    /** ...or this many, whichever is more. */
    static final int MIN_LOCAL_LIMIT = 64;

    @Option(names = "--host", paramLabel = "H1:SLOTS,H2:SLOTS", description = "Hosts and their slots, as mpirun's --host.")
    String hostList;

    @Option(names = "--hostfile", paramLabel = "FILE", description = "Hostfile: 'host [slots=N]' or 'host:N' per line.")
    Path hostfile;

    @Option(names = "--rsh", paramLabel = "CMD", defaultValue = "ssh",
            description = "Command that starts a rank on another host (default: ${DEFAULT-VALUE}).")
    String rsh;

    @Option(names = "--max-restarts", paramLabel = "K", defaultValue = "0",
            description = "Restart all ranks up to K times after a failure (not after a usage error, status 2, or bad"
                    + " input data, status 65); they resume from the latest checkpoint.")
    int maxRestarts;

    @Option(names = "--op-timeout", paramLabel = "DUR",
            description = "Deadline of every blocking operation (e.g. 30s, 5m; default 10m). A silent peer is declared"
                + " failed after half of it, at most 30s (CONCORD_PEER_TIMEOUT sets that apart).")
    String opTimeout;

    @Option(names = "--timeout", paramLabel = "DUR", description = "Deadline of the whole job (exit 124 when it passes).")
    String timeout;

    @Option(names = "--grace", paramLabel = "DUR", defaultValue = "2s",
            description = "After a failure, time the other ranks get to exit before SIGTERM, and again before SIGKILL.")
    String grace;

    @Option(names = "--tag-output", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Prefix every output line with [rank] (default: on; --no-tag-output turns it off).")
    boolean tagOutput;

    @Option(names = "--transport", paramLabel = "tcp", defaultValue = "tcp",
            description = "Transport between ranks: tcp (default); shm (shared memory between ranks on the same host, "
                    + "TCP to the others); or mpj (MPJ Express, where installed).")
    String transport;

    @Option(names = "-x", paramLabel = "VAR=VAL", description = "Environment variable for every rank (repeatable).")
    List<String> exports = new ArrayList<>();

    @Option(names = {"-cp", "--cp", "--classpath"}, paramLabel = "PATH", description = "Extra class path for the ranks.")
    String classpath;

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "JVM option for every rank (repeatable). "
            + "Ranks use the serial collector (-XX:+UseSerialGC) unless these options or JAVA_TOOL_OPTIONS choose one.")
    List<String> jvmArgs = new ArrayList<>();

    /**
     * For a job this launcher starts itself (not through srun, which places ranks on the
     * allocation's nodes): refuses {@code -np} far beyond what this machine can run (a typo such as {@code -np 99999}
     * would otherwise start that many JVMs): more than {@link #RANKS_PER_CPU} per CPU and more
     * than {@link #MIN_LOCAL_LIMIT}, unless {@code --oversubscribe}.
     */
    void checkLocalRanks(LaunchSpec spec) {
        if (spec.hosts().isEmpty()) {
            checkLocalRanks(spec.np(), Runtime.getRuntime().availableProcessors(), oversubscribe);
        }
    }

    static void checkLocalRanks(int np, int cpus, boolean oversubscribe) {
        int limit = Math.max(MIN_LOCAL_LIMIT, RANKS_PER_CPU * cpus);
        if (np > limit && !oversubscribe) {
            throw new IllegalArgumentException("-np " + np + " would start " + np + " ranks on this machine, which has "
                    + cpus + " CPU" + (cpus == 1 ? "" : "s") + " (the limit is " + limit
                    + "); pass --oversubscribe to start them anyway, or spread them with --host or --hostfile");
        }
    }

    /** The launch spec for {@code mainClass args}. */
    LaunchSpec toSpec(String mainClass, List<String> args) {
        if (hostList != null && hostfile != null) {
            throw new IllegalArgumentException("--host and --hostfile are exclusive");
        }
        List<HostSlots> hosts;
        try {
            hosts = hostfile != null ? HostSlots.parseFile(hostfile) : hostList != null ? HostSlots.parseList(hostList)
                    : List.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hostfile " + hostfile + ": " + FileErrors.reason(e));
        }
        boolean builtIn = transport.equals("tcp") || transport.equals("shm");
        Optional<TransportPlugin> plugin = builtIn ? Optional.empty() : TransportPlugin.find(transport);
        if (!builtIn && plugin.isEmpty()) {
            throw new IllegalArgumentException("--transport " + transport
                    + " is not available in this build (known: tcp, shm; mpj needs a build with MPJ Express installed)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONCORD_TRANSPORT", transport);
        if (opTimeout != null) {
            Durations.parseNanos(opTimeout);
            env.put("CONCORD_OP_TIMEOUT", opTimeout);
        }
        for (String x : exports) {
            int eq = x.indexOf('=');
            if (eq <= 0) {
                String v = System.getenv(x);
                if (v == null) {
                    throw new IllegalArgumentException("-x " + x + ": expected VAR=VAL, or the name of a set variable");
                }
                env.put(x, v);
            } else {
                env.put(x.substring(0, eq), x.substring(eq + 1));
            }
        }
        String cp = System.getProperty("java.class.path");
        if (classpath != null) {
            cp = classpath + File.pathSeparator + cp;
        }
        for (String entry : plugin.map(TransportPlugin::rankClasspath).orElse(List.of())) {
            cp = cp + File.pathSeparator + entry;
        }
        List<String> command = LaunchSpec.javaCommand(LaunchSpec.rankJvmArgs(jvmArgs, env, System.getenv()), cp,
                mainClass, args);
        long timeoutNanos = timeout == null ? 0 : Durations.parseNanos(timeout);
        return new LaunchSpec(np, command, env, hosts, List.of(rsh.trim().split("\\s+")), null, maxRestarts,
                timeoutNanos, Durations.parseNanos(grace));
    }
}
