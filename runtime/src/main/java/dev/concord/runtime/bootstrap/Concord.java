package dev.concord.runtime.bootstrap;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.jvm.InJvmWorld;
import dev.concord.runtime.shm.ShmSegment;
import dev.concord.runtime.tcp.TcpTransport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Entry point of a Concord program:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     try (Communicator comm = Concord.init()) {
 *         ... comm.rank(), comm.size(), send/recv, collectives ...
 *     }
 * }
 * }</pre>
 *
 * {@link #init()} reads the identity ({@link RankIdentity}) and options ({@link RuntimeOptions})
 * from the environment and joins the job. It also makes a failure loud: an exception that
 * escapes any thread of the rank aborts the job (peers get a {@code PeerFailedException} naming
 * this rank at once) and exits this process with status 1; a rank that ends without closing its
 * communicator closes it on the way out.
 */
public final class Concord {
    private Concord() {
    }

    /** Joins the job described by this process's environment. */
    public static Communicator init() {
        return init(System.getenv());
    }

    /** Joins the job described by {@code env}. */
    public static Communicator init(Map<String, String> env) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "concord %4$s: %5$s%6$s%n");
        }
        RankIdentity id = RankIdentity.fromEnvironment(env);
        if (id.rank() == 0 && id.tokenWarning() != null) {
            System.getLogger("dev.concord.runtime").log(System.Logger.Level.WARNING, id.tokenWarning());
        }
        RuntimeOptions options = RuntimeOptions.fromEnvironment(env);
        AtomicReference<Communicator> joined = watchLauncher(id.rank(), env.get("CONCORD_LAUNCHER_PID"));
        Communicator comm = connect(id, options, env);
        installFailureHandling(comm);
        joined.set(comm);
        return comm;
    }

    /** Connects over the identity's transport without installing process-wide handlers. */
    public static Communicator connect(RankIdentity id, RuntimeOptions options) {
        return connect(id, options, System.getenv());
    }

    /** As {@link #connect(RankIdentity, RuntimeOptions)}; a {@link TransportPlugin} also sees {@code env}. */
    public static Communicator connect(RankIdentity id, RuntimeOptions options, Map<String, String> env) {
        switch (id.transport()) {
            case "tcp":
            case "shm":
                return TcpTransport.connect(id.rank(), id.size(),
                        id.size() == 1 ? null : id.coordinatorAddress(), id.externalCoordinator(), id.token(), options,
                        id.transport().equals("shm") ? ShmSegment.directory(env) : null);
            case "jvm":
                if (id.size() != 1) {
                    throw new ConcordException("CONCORD_TRANSPORT=jvm runs ranks as threads of one JVM; use "
                            + "LocalCluster for that, not " + id.size() + " processes");
                }
                return new InJvmWorld(1, options).communicator(0);
            default:
                return TransportPlugin.find(id.transport())
                        .orElseThrow(() -> new ConcordException("CONCORD_TRANSPORT=" + id.transport()
                                + " is not a transport of this build (known: tcp, shm, jvm, and plugins on the class path)"))
                        .connect(id, options, env);
        }
    }

    /**
     * A rank whose launcher died (e.g. SIGKILL) must not live on as an orphan — not while it joins
     * the job either: the launcher's coordinator died with it, and joining would wait out the
     * connect timeout. So the watch starts before joining; once the rank has joined, the
     * communicator set in the returned reference is aborted too, so that peers learn at once.
     */
    private static AtomicReference<Communicator> watchLauncher(int rank, String pid) {
        AtomicReference<Communicator> joined = new AtomicReference<>();
        if (pid == null || pid.isBlank()) {
            return joined;
        }
        // empty if the launcher is already gone
        Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(pid.trim()));
        Thread t = new Thread(() -> {
            while (launcher.isPresent() && launcher.get().isAlive()) {
                LockSupport.parkNanos(500_000_000L);
            }
            System.err.println("concord: rank " + rank + ": launcher (pid " + pid.trim() + ") is gone; exiting");
            Communicator comm = joined.get();
            if (comm != null) {
                comm.abort("its launcher died");
            }
            Runtime.getRuntime().halt(1);
        }, "concord-launcher-watch");
        t.setDaemon(true);
        t.start();
        return joined;
    }

    private static void installFailureHandling(Communicator comm) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            System.err.println("concord: rank " + comm.rank() + ": uncaught exception in thread \"" + thread.getName()
                    + "\": " + error);
            error.printStackTrace();
            System.err.flush();
            try {
                comm.abort(error.toString());
            } finally {
                Runtime.getRuntime().halt(error instanceof dev.concord.runtime.PeerFailedException
                        ? dev.concord.runtime.launch.ExitCodes.PEER_FAILED : 1);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(comm::close, "concord-close-on-exit"));
    }
}
