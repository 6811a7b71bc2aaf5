package dev.concord.runtime.testkit;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.jvm.InJvmWorld;
import dev.concord.runtime.shm.ShmSegment;
import dev.concord.runtime.tcp.CoordinatorService;
import dev.concord.runtime.tcp.TcpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a lambda as N ranks, one thread each, over the in-JVM transport, real TCP on loopback, or
 * real shared memory (segments in {@code /dev/shm} or {@code CONCORD_SHM_DIR}, set up over TCP):
 *
 * <pre>{@code
 * List<Double> sums = LocalCluster.of(4).transport(LocalCluster.Transport.TCP)
 *         .call(comm -> ... return something ...);
 * }</pre>
 *
 * A rank whose lambda throws aborts the job (the others get {@code PeerFailedException}); {@code
 * call} then throws a ConcordException listing every rank's failure, the first one as cause.
 * The whole run has a deadline (default 2 minutes); past it the stacks of stuck ranks are
 * reported.
 */
public final class LocalCluster {
    /** How ranks talk. */
    public enum Transport { JVM, TCP, SHM }

    /** What each rank runs. */
    @FunctionalInterface
    public interface RankFunction<T> {
        T apply(Communicator comm) throws Exception;
    }

    /** What each rank runs, with no result. */
    @FunctionalInterface
    public interface RankBody {
        void run(Communicator comm) throws Exception;
    }

    private final int size;
    private Transport transport = Transport.JVM;
    private RuntimeOptions options = RuntimeOptions.fromEnvironment(Map.of("CONCORD_OP_TIMEOUT", "60s"));
    private Duration timeout = Duration.ofMinutes(2);

    private LocalCluster(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("cluster size must be >= 1, got " + size);
        }
        this.size = size;
    }

    public static LocalCluster of(int size) {
        return new LocalCluster(size);
    }

    public LocalCluster transport(Transport t) {
        this.transport = t;
        return this;
    }

    public LocalCluster options(RuntimeOptions o) {
        this.options = o;
        return this;
    }

    public LocalCluster timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /** Runs {@code body} on every rank. */
    public void run(RankBody body) {
        call(comm -> {
            body.run(comm);
            return null;
        });
    }

    /** Runs {@code fn} on every rank and returns the results in rank order. */
    public <T> List<T> call(RankFunction<T> fn) {
        InJvmWorld world = transport == Transport.JVM ? new InJvmWorld(size, options) : null;
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        CoordinatorService service = transport != Transport.JVM
                ? CoordinatorService.start(new InetSocketAddress("127.0.0.1", 0), size, token, null) : null;
        InetSocketAddress coordinator = service == null ? null : new InetSocketAddress("127.0.0.1", service.port());
        try {
            return run(fn, world, coordinator, token);
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    private <T> List<T> run(RankFunction<T> fn, InJvmWorld world, InetSocketAddress coordinator, byte[] token) {
        Object[] results = new Object[size];
        Throwable[] failures = new Throwable[size];
        Communicator[] comms = new Communicator[size];
        Thread[] threads = new Thread[size];
        for (int r = 0; r < size; r++) {
            int rank = r;
            threads[r] = new Thread(() -> {
                Communicator comm = null;
                try {
                    comm = world != null ? world.communicator(rank)
                            : TcpTransport.connect(rank, size, coordinator, true, token, options,
                                    transport == Transport.SHM ? ShmSegment.directory(System.getenv()) : null);
                    comms[rank] = comm;
                    results[rank] = fn.apply(comm);
                    comm.close();
                } catch (Throwable t) {
                    failures[rank] = t;
                    if (comm != null) {
                        comm.abort(t.toString());
                    }
                }
            }, "rank-" + r);
            threads[r].setDaemon(true);
            threads[r].start();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConcordException("interrupted while waiting for the cluster");
            }
        }
        StringBuilder stuck = new StringBuilder();
        for (int r = 0; r < size; r++) {
            if (threads[r].isAlive()) {
                stuck.append("\n  rank ").append(r).append(" stuck at:");
                for (StackTraceElement e : threads[r].getStackTrace()) {
                    stuck.append("\n    ").append(e);
                }
                if (comms[r] != null) {
                    comms[r].abort("cluster deadline passed");
                }
            }
        }
        if (stuck.length() > 0) {
            throw new ConcordException(size + "-rank " + transport + " cluster did not finish within " + timeout + stuck);
        }
        Throwable first = null;
        StringBuilder all = new StringBuilder();
        for (int r = 0; r < size; r++) {
            if (failures[r] != null) {
                if (first == null) {
                    first = failures[r];
                }
                all.append("\n  rank ").append(r).append(": ").append(failures[r]);
            }
        }
        if (first != null) {
            throw new ConcordException(size + "-rank " + transport + " cluster failed:" + all, first);
        }
        List<T> out = new ArrayList<>(size);
        for (Object o : results) {
            @SuppressWarnings("unchecked")
            T t = (T) o;
            out.add(t);
        }
        return out;
    }

    /** An ephemeral port free at the time of the call. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ConcordException("no free local port: " + e.getMessage(), e);
        }
    }
}
