package dev.concord.collectives;

import dev.concord.collectives.algorithm.Chunks;
import dev.concord.collectives.algorithm.Tags;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * Verifies that every rank is making the same collective call before any data moves.
 *
 * <p>Each rank's call is a header of {@value #FIELDS} longs: call number (per communicator),
 * kind, element type, count, op, root, algorithm. The ranks compute, by dissemination ({@code
 * ceil(log2 p)} rounds; in round {@code k} rank {@code r} sends to {@code r+2^k} and receives
 * from {@code r-2^k}), the smallest and the largest header in lexicographic order together with
 * the lowest rank that made each. Selecting a minimum is idempotent, so the overlapping coverage
 * of dissemination in worlds that are not powers of two does no harm, and after the last round
 * every rank holds the same pair. If the two differ, every rank throws the same {@link
 * CollectiveMismatchException} naming both calls. Every wait is bounded by the op timeout, and
 * the exchange completes on all ranks whether or not the calls match, so the communicator stays
 * usable afterwards.
 *
 * <p>Wire layout of a message ({@code long[18]}):
 * <pre>
 *   0..7   smallest header: seq, kind, type, count, root, algorithm,
 *          op name (first 8 chars, one byte each), op identity (name length << 32 | name hash)
 *   8      lowest rank that made the smallest header
 *   9..16  largest header
 *   17     lowest rank that made the largest header
 * </pre>
 */
final class CallCheck {
    static final int FIELDS = 8;
    private static final int MIN = 0;
    private static final int MAX = FIELDS + 1;
    private static final int LENGTH = 2 * (FIELDS + 1);

    private final Communicator comm;
    private final long[] state = new long[LENGTH];
    private final long[] incoming = new long[LENGTH];

    CallCheck(Communicator comm) {
        this.comm = comm;
    }

    /** Exchanges this rank's header and throws if any rank's differs; {@code op} names this rank's op. */
    void check(long seq, CallKind kind, ElementType type, long count, ReduceOp op, int root, long algorithm) {
        int n = comm.size();
        int r = comm.rank();
        state[0] = seq;
        state[1] = kind.ordinal();
        state[2] = type == null ? -1 : type.id();
        state[3] = count;
        state[4] = root;
        state[5] = algorithm;
        state[6] = op == null ? 0 : packedName(op.name());
        state[7] = op == null ? 0 : ((long) op.name().length() << 32) | (op.name().hashCode() & 0xFFFF_FFFFL);
        state[FIELDS] = r;
        System.arraycopy(state, MIN, state, MAX, FIELDS + 1);
        for (int dist = 1; dist < n; dist <<= 1) {
            comm.sendrecv(Chunks.mod(r + dist, n), Tags.CALL_CHECK, state, 0, LENGTH,
                    Chunks.mod(r - dist, n), Tags.CALL_CHECK, incoming, 0, LENGTH);
            if (order(incoming, MIN, state, MIN) < 0) {
                System.arraycopy(incoming, MIN, state, MIN, FIELDS + 1);
            }
            if (order(incoming, MAX, state, MAX) > 0) {
                System.arraycopy(incoming, MAX, state, MAX, FIELDS + 1);
            }
        }
        if (compareHeaders(state, MIN, state, MAX) != 0) {
            throw new CollectiveMismatchException("collective mismatch at call #" + state[MIN]
                    + (state[MAX] != state[MIN] ? "/#" + state[MAX] : "") + ": rank " + state[MIN + FIELDS]
                    + " called " + describe(state, MIN) + " but rank " + state[MAX + FIELDS] + " called "
                    + describe(state, MAX) + " (detected on rank " + r + ")");
        }
    }

    /** Header order, ties broken so that the lower rank is "smaller" for MIN and "larger" for MAX. */
    private static int order(long[] a, int ai, long[] b, int bi) {
        int c = compareHeaders(a, ai, b, bi);
        if (c != 0) {
            return c;
        }
        int byRank = Long.compare(a[ai + FIELDS], b[bi + FIELDS]);
        return ai == MIN ? byRank : -byRank;
    }

    private static int compareHeaders(long[] a, int ai, long[] b, int bi) {
        for (int i = 0; i < FIELDS; i++) {
            int c = Long.compare(a[ai + i], b[bi + i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The first 8 characters of {@code name}, one byte each (non-ASCII as '?'), for messages. */
    private static long packedName(String name) {
        long packed = 0;
        for (int i = 0; i < Math.min(8, name.length()); i++) {
            char ch = name.charAt(i);
            packed |= (long) (ch < 128 ? ch : '?') << (8 * i);
        }
        return packed;
    }

    private static String unpackName(long packed, long identity) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8 && (packed >>> (8 * i) & 0xFF) != 0; i++) {
            s.append((char) (packed >>> (8 * i) & 0xFF));
        }
        return (identity >>> 32) > 8 ? s + "..." : s.toString();
    }

    /** "allreduce(1000 doubles, op=sum, algorithm=ring)": for messages only, so allocation is fine. */
    private static String describe(long[] h, int at) {
        CallKind kind = CallKind.ofId(h[at + 1]);
        ElementType type = ElementType.ofId((int) h[at + 2]);
        StringBuilder s = new StringBuilder(kind == null ? "collective #" + h[at + 1] : kind.label).append('(');
        if (kind != CallKind.BARRIER) {
            s.append(type == null ? h[at + 3] + " elements" : type.describe(h[at + 3]));
            if (h[at + 7] != 0) {
                s.append(", op=").append(unpackName(h[at + 6], h[at + 7]));
            }
            if (h[at + 4] >= 0) {
                s.append(", root=").append(h[at + 4]);
            }
            if (h[at + 5] >= 0) {
                s.append(", algorithm=").append(algorithmName(h[at + 5]));
            }
        }
        return s.append(')').toString();
    }

    /** Header encoding of an AllReduce's algorithm: its kind, plus 16 in reproducible mode. */
    static long algorithmCode(AllreduceKind kind, boolean reproducible) {
        return kind.ordinal() + (reproducible ? 16 : 0);
    }

    private static String algorithmName(long code) {
        int k = (int) (code & 15);
        String name = k < AllreduceKind.values().length ? AllreduceKind.values()[k].label() : "#" + k;
        return (code & 16) != 0 ? name + " reproducible" : name;
    }
}
