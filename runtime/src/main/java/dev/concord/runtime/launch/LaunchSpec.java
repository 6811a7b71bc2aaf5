package dev.concord.runtime.launch;

import dev.concord.runtime.FileErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link JobLauncher} starts.
 *
 * @param np number of ranks
 * @param rankCommand the command of every rank (e.g. {@code java -cp … Main args}); see {@link #javaCommand}
 * @param env extra environment of every rank (the {@code CONCORD_*} identity is added per rank)
 * @param hosts where ranks go; empty = all on this machine
 * @param rsh command that runs a command on another host (e.g. {@code ssh}); the host and the
 *     shell-quoted command line follow it
 * @param coordinatorHost address the ranks use to reach the launcher's coordinator; null = loopback
 *     when all ranks are local, else this host's address
 * @param maxRestarts restarts of the whole job after a failure
 * @param timeoutNanos whole-job deadline, 0 = none
 * @param graceNanos after a failure, how long the other ranks get to exit by themselves before
 *     SIGTERM, and again before SIGKILL
 */
public record LaunchSpec(int np, List<String> rankCommand, Map<String, String> env, List<HostSlots> hosts,
        List<String> rsh, String coordinatorHost, int maxRestarts, long timeoutNanos, long graceNanos) {

    public LaunchSpec {
        if (np < 1) {
            throw new IllegalArgumentException("-np must be at least 1, got " + np);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("--max-restarts must be >= 0, got " + maxRestarts);
        }
        rankCommand = List.copyOf(rankCommand);
        env = Map.copyOf(env);
        hosts = List.copyOf(hosts);
        rsh = List.copyOf(rsh);
        placement(hosts, np);
    }

    /** This spec with {@code name=value} added to every rank's environment. */
    public LaunchSpec withEnv(String name, String value) {
        Map<String, String> e = new java.util.LinkedHashMap<>(env);
        e.put(name, value);
        return new LaunchSpec(np, rankCommand, e, hosts, rsh, coordinatorHost, maxRestarts, timeoutNanos, graceNanos);
    }

    /** A local job with defaults: no restarts, no timeout, 2 s grace. */
    public static LaunchSpec local(int np, List<String> rankCommand, Map<String, String> env) {
        return new LaunchSpec(np, rankCommand, env, List.of(), List.of(), null, 0, 0, TimeUnit.SECONDS.toNanos(2));
    }

    /** Host of each rank. */
    public List<String> placement() {
        return placement(hosts, np);
    }

    private static List<String> placement(List<HostSlots> hosts, int np) {
        if (hosts.isEmpty()) {
            List<String> out = new ArrayList<>(np);
            for (int i = 0; i < np; i++) {
                out.add("localhost");
            }
            return out;
        }
        return HostSlots.placement(hosts, np);
    }

    /**
     * The garbage collector ranks run with unless the user chose one: the serial collector. Ranks
     * of a data-parallel job allocate little after start-up and hold their data in a few large
     * primitive arrays, so a collector without concurrent threads costs them nothing and takes no
     * CPU from the ranks sharing a machine; and with G1 (the JVM's default on a server-class
     * machine) a 1 MiB ring AllReduce at np=2 was 10-20% slower, more so when its buffer is part
     * of a larger array (BENCHMARKS.md, session 5).
     */
    public static final String DEFAULT_GC = "-XX:+UseSerialGC";

    private static final java.util.regex.Pattern GC_CHOICE = java.util.regex.Pattern.compile("-XX:[+-]Use\\w*GC(?=\\s|$)");
    private static final String[] JVM_OPTION_VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"};

    /**
     * The JVM options of every rank: {@code userArgs}, preceded by {@link #DEFAULT_GC} unless they
     * or a JVM option variable ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS},
     * {@code _JAVA_OPTIONS}) in one of {@code envs} (the ranks' environments) already select a
     * collector ({@code -XX:+Use...GC} or {@code -XX:-Use...GC}): two collectors would stop the JVM.
     */
    @SafeVarargs
    public static List<String> rankJvmArgs(List<String> userArgs, Map<String, String>... envs) {
        for (String a : userArgs) {
            if (GC_CHOICE.matcher(a).find()) {
                return List.copyOf(userArgs);
            }
        }
        for (Map<String, String> env : envs) {
            for (String name : JVM_OPTION_VARIABLES) {
                String v = env.get(name);
                if (v != null && GC_CHOICE.matcher(v).find()) {
                    return List.copyOf(userArgs);
                }
            }
        }
        List<String> out = new ArrayList<>(userArgs.size() + 1);
        out.add(DEFAULT_GC);
        out.addAll(userArgs);
        return out;
    }

    /**
     * {@code java [jvmArgs] -cp classpath mainClass args} with this JVM's java binary; a main
     * ending in {@code .jar} runs as {@code -jar}-style: the jar joins the class path and its
     * manifest's Main-Class is used.
     */
    public static List<String> javaCommand(List<String> jvmArgs, String classpath, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (mainClass.endsWith(".jar")) {
            cmd.add("-cp");
            cmd.add(mainClass + (classpath == null || classpath.isEmpty() ? "" : java.io.File.pathSeparator + classpath));
            cmd.add(mainClassOf(Path.of(mainClass)));
        } else {
            if (mainClass.contains("/") || mainClass.contains(java.io.File.separator)) {
                throw new IllegalArgumentException(mainClass + " is neither a jar (*.jar) nor a main class name");
            }
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(mainClass);
        }
        cmd.addAll(args);
        return cmd;
    }

    private static String mainClassOf(Path jar) {
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest m = f.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalArgumentException(jar + " has no Main-Class in its manifest");
            }
            return main;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + jar + ": " + FileErrors.reason(e));
        }
    }
}
