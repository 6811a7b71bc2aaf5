package dev.concord.runtime;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Knobs of a communicator. Read from the environment by {@link #fromEnvironment(Map)}; every
 * variable is documented in {@code docs/runtime.md}.
 *
 * @param opTimeoutNanos deadline of every blocking operation ({@code CONCORD_OP_TIMEOUT}, default 10 min)
 * @param peerTimeoutNanos silence after which a peer is declared failed ({@code CONCORD_PEER_TIMEOUT},
 *     default: half the op timeout, at most 30 s — shorter than the op timeout, so that an
 *     operation waiting on a stopped peer fails naming that peer rather than timing out)
 * @param connectTimeoutNanos deadline of bootstrap: rendezvous plus peer connections
 *     ({@code CONCORD_CONNECT_TIMEOUT}, default 60 s)
 * @param eagerLimitBytes messages up to this size are sent at once; larger ones wait until the
 *     receiver posts a matching receive and then land in its buffer ({@code CONCORD_EAGER_LIMIT})
 * @param unexpectedLimitBytes bound on buffered not-yet-received messages per rank; beyond it
 *     senders wait ({@code CONCORD_UNEXPECTED_LIMIT})
 * @param maxFrameBytes largest frame a connection accepts; a larger announcement closes it
 *     ({@code CONCORD_MAX_FRAME})
 * @param spinNanos how long a waiting thread spins before it parks ({@code CONCORD_SPIN})
 * @param spinYields a spinning thread yields its core at every poll ({@code CONCORD_SPIN_YIELD=1}):
 *     for hosts with more ranks than cores, where the rank it waits for may need that core
 */
public record RuntimeOptions(long opTimeoutNanos, long peerTimeoutNanos, long connectTimeoutNanos,
        int eagerLimitBytes, long unexpectedLimitBytes, long maxFrameBytes, long spinNanos, boolean spinYields) {

    public static final long MAX_PEER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    public RuntimeOptions {
        positive("op timeout", opTimeoutNanos);
        positive("peer timeout", peerTimeoutNanos);
        positive("connect timeout", connectTimeoutNanos);
        positive("eager limit", eagerLimitBytes);
        if (unexpectedLimitBytes < eagerLimitBytes) {
            throw new IllegalArgumentException("unexpected-message limit " + unexpectedLimitBytes
                    + " B is below the eager limit " + eagerLimitBytes + " B");
        }
        positive("max frame", maxFrameBytes);
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spin time must be >= 0, got " + spinNanos);
        }
    }

    /** Defaults, for tests and in-JVM use. */
    public static RuntimeOptions defaults() {
        return fromEnvironment(Map.of());
    }

    /** The options named by {@code CONCORD_*} variables in {@code env}, defaults elsewhere. */
    public static RuntimeOptions fromEnvironment(Map<String, String> env) {
        long op = duration(env, "CONCORD_OP_TIMEOUT", TimeUnit.MINUTES.toNanos(10));
        long peer = duration(env, "CONCORD_PEER_TIMEOUT", Math.min(op / 2, MAX_PEER_TIMEOUT_NANOS));
        long connect = duration(env, "CONCORD_CONNECT_TIMEOUT", TimeUnit.SECONDS.toNanos(60));
        long eager = bytes(env, "CONCORD_EAGER_LIMIT", 1 << 20);
        long unexpected = bytes(env, "CONCORD_UNEXPECTED_LIMIT", 64L << 20);
        long frame = bytes(env, "CONCORD_MAX_FRAME", 1L << 34);
        long spin = duration(env, "CONCORD_SPIN", TimeUnit.MICROSECONDS.toNanos(50), true);
        if (eager > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("CONCORD_EAGER_LIMIT=" + env.get("CONCORD_EAGER_LIMIT") + " is too large (at most "
                    + Integer.MAX_VALUE / 2 + " bytes, just under 1 GiB)");
        }
        boolean yields = flag(env, "CONCORD_SPIN_YIELD");
        return new RuntimeOptions(op, peer, connect, (int) eager, unexpected, frame, spin, yields);
    }

    /** A copy with another op timeout; the peer timeout follows (half of it) unless it was shorter already. */
    public RuntimeOptions withOpTimeout(long nanos) {
        return new RuntimeOptions(nanos, Math.min(peerTimeoutNanos, nanos / 2), connectTimeoutNanos,
                eagerLimitBytes, unexpectedLimitBytes, maxFrameBytes, spinNanos, spinYields);
    }

    /** A copy with another peer (heartbeat silence) timeout. */
    public RuntimeOptions withPeerTimeout(long nanos) {
        return new RuntimeOptions(opTimeoutNanos, nanos, connectTimeoutNanos, eagerLimitBytes,
                unexpectedLimitBytes, maxFrameBytes, spinNanos, spinYields);
    }

    /** A copy with other message-size limits. */
    public RuntimeOptions withLimits(int eagerLimit, long unexpectedLimit, long maxFrame) {
        return new RuntimeOptions(opTimeoutNanos, peerTimeoutNanos, connectTimeoutNanos, eagerLimit,
                unexpectedLimit, maxFrame, spinNanos, spinYields);
    }

    /** Interval between heartbeats: a sixth of the peer timeout, between 20 ms and 2 s. */
    public long heartbeatIntervalNanos() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(20),
                Math.min(TimeUnit.SECONDS.toNanos(2), peerTimeoutNanos / 6));
    }

    private static void positive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    private static long duration(Map<String, String> env, String name, long dflt) {
        return duration(env, name, dflt, false);
    }

    private static long duration(Map<String, String> env, String name, long dflt, boolean zeroOk) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (zeroOk && v.trim().equals("0")) {
            return 0;
        }
        try {
            return Durations.parseNanos(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "=" + v + ": " + e.getMessage());
        }
    }

    private static boolean flag(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1": case "true": case "yes": return true;
            case "0": case "false": case "no": return false;
            default: throw new IllegalArgumentException(name + "=" + v + ": expected 1 or 0");
        }
    }

    private static long bytes(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Sizes.parseBytes(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "=" + v + ": " + e.getMessage());
        }
    }
}
