package dev.concord.collectives;

import dev.concord.collectives.algorithm.PowerOfTwoFold;
import dev.concord.collectives.algorithm.Scratch;
import dev.concord.collectives.algorithm.Tags;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.ReservedChannel;

/**
 * Verifies that every rank is making the same collective call before any data moves, and carries
 * small AllReduces in the same messages so that checking them costs no extra round trip.
 *
 * <p>Each rank's call is a header of {@value #FIELDS} longs: whether its arguments are valid,
 * call number (per communicator), kind, element type, count, op, root, algorithm. The ranks
 * compute the smallest and the largest header in lexicographic order together with the lowest
 * rank that made each, by recursive
 * doubling: the world is {@link PowerOfTwoFold folded} to a power of two {@code q} (each even rank
 * below {@code 2(p-q)} hands its state to the odd rank above it), {@code log2 q} rounds swap states
 * between virtual partners {@code v} and {@code v ^ 2^k}, and the odd ranks hand the result back.
 * Every rank then holds the same pair; if the two differ, every rank throws the same {@link
 * CollectiveMismatchException} naming both calls. The pattern of messages depends only on the
 * world size, never on the call, and every receive has room for the largest message, so the
 * exchange completes on all ranks whether or not the calls match: no hang, and the communicator
 * stays usable afterwards. Every wait is bounded by the op timeout.
 *
 * <p>A rank whose arguments are invalid ({@link #refuse}) still takes part, with a header that
 * says so and the error's text as payload: such a header is larger than any valid one, so every
 * rank ends with it (and its text) as the largest, and throws a {@link
 * CollectiveMismatchException} naming that rank and its error, at once rather than after waiting
 * for that rank's messages until the op timeout.
 *
 * <p>{@link #allreduce} (at most {@value #FUSED_ELEMENTS} elements) appends the partial result to
 * each message and combines it exactly as {@code RecursiveDoublingAllreduce} does (same fold,
 * same partners, {@code op(lower, upper)} on both sides), so it gives the same bits as the
 * checked two-step call in half the rounds. A payload is combined only when the sender's smallest
 * and largest headers equal this rank's header, i.e. when it has the same type and count.
 *
 * <p>Wire layout of a message ({@code long[20 + n]}):
 * <pre>
 *   0..8   smallest header: arguments (0 if valid, else 1 + length of the error's text), seq,
 *          kind, type, count, root, algorithm, op name (first 8 chars, one byte each),
 *          op identity (name length << 32 | name hash)
 *   9      lowest rank that made the smallest header
 *   10..18 largest header
 *   19     lowest rank that made the largest header
 *   20..   payload: if the largest header's arguments are invalid, the error's text (one char
 *          per long); else the fused AllReduce's partial result, one element per long (raw bits
 *          of doubles and floats)
 * </pre>
 */
final class CallCheck {
    static final int FIELDS = 9;
    /** Largest AllReduce (in elements) carried by the check's own messages; also the longest error text. */
    static final int FUSED_ELEMENTS = 1024;
    private static final int ARGS = 0;
    private static final int SEQ = 1;
    private static final int KIND = 2;
    private static final int TYPE = 3;
    private static final int COUNT = 4;
    private static final int ROOT = 5;
    private static final int ALGORITHM = 6;
    private static final int OP_NAME = 7;
    private static final int OP_ID = 8;
    private static final int MIN = 0;
    private static final int MAX = FIELDS + 1;
    private static final int LENGTH = 2 * (FIELDS + 1);

    private final Communicator comm;
    private final ReservedChannel net;
    private final Scratch scratch;
    private final PowerOfTwoFold fold;
    private final long[] state = new long[LENGTH];
    private final long[] mine = new long[FIELDS];
    private final long[] out = new long[LENGTH + FUSED_ELEMENTS];
    private final long[] in = new long[LENGTH + FUSED_ELEMENTS];
    /** The error's text of the largest header, when its arguments are invalid. */
    private final long[] error = new long[FUSED_ELEMENTS];

    CallCheck(Communicator comm, Scratch scratch) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.scratch = scratch;
        this.fold = new PowerOfTwoFold(comm.size());
    }

    /** Exchanges this rank's header and throws if any rank's differs; {@code op} names this rank's op. */
    void check(long seq, CallKind kind, ElementType type, long count, ReduceOp op, int root, long algorithm) {
        header(seq, kind, type, count, op, root, algorithm);
        exchange(null, 0, 0, null, null);
    }

    /**
     * A checked in-place AllReduce of {@code count <= FUSED_ELEMENTS} elements in the check's own
     * messages; {@code algorithm} is the header code of recursive doubling.
     */
    void allreduce(long seq, Object buf, int off, int count, ElementType type, ReduceOp op, long algorithm) {
        if (count > FUSED_ELEMENTS) {
            throw new IllegalArgumentException(count + " elements is more than a fused allreduce carries");
        }
        header(seq, CallKind.ALLREDUCE, type, count, op, -1, algorithm);
        exchange(buf, off, count, type, op);
    }

    /**
     * This rank's arguments of the call are invalid: takes part in the exchange anyway, so that
     * every other rank throws at once, naming this rank and {@code invalid}'s message. Returns
     * normally here (the caller throws {@code invalid}) unless the exchange itself fails.
     */
    void refuse(long seq, CallKind kind, ElementType type, long count, ReduceOp op, int root, RuntimeException invalid) {
        header(seq, kind, type, count, op, root, -1);
        String text = String.valueOf(invalid.getMessage() != null ? invalid.getMessage() : invalid);
        int length = Math.min(text.length(), error.length);
        for (int i = 0; i < length; i++) {
            error[i] = text.charAt(i);
        }
        mine[ARGS] = 1 + length;
        state[MIN + ARGS] = mine[ARGS];
        state[MAX + ARGS] = mine[ARGS];
        try {
            exchange(null, 0, 0, null, null);
        } catch (CollectiveMismatchException expected) {
            // every rank has heard of this rank's arguments (or of another rank's)
        }
    }

    private void header(long seq, CallKind kind, ElementType type, long count, ReduceOp op, int root, long algorithm) {
        mine[ARGS] = 0;
        mine[SEQ] = seq;
        mine[KIND] = kind.ordinal();
        mine[TYPE] = type == null ? -1 : type.id();
        mine[COUNT] = count;
        mine[ROOT] = root;
        mine[ALGORITHM] = algorithm;
        mine[OP_NAME] = op == null ? 0 : packedName(op.name());
        mine[OP_ID] = op == null ? 0 : ((long) op.name().length() << 32) | (op.name().hashCode() & 0xFFFF_FFFFL);
        System.arraycopy(mine, 0, state, MIN, FIELDS);
        state[MIN + FIELDS] = comm.rank();
        System.arraycopy(state, MIN, state, MAX, FIELDS + 1);
    }

    /** The fold / recursive doubling / unfold exchange; with {@code type != null} also reduces {@code buf}. */
    private void exchange(Object buf, int off, int count, ElementType type, ReduceOp op) {
        int r = comm.rank();
        int n = type == null ? 0 : count;
        if (comm.size() > 1) {
            Object tmp = type == null ? null : scratch.get(type, Math.max(count, 1));
            if (r < 2 * fold.rem && (r & 1) == 0) {
                send(r + 1, buf, off, n, type);
                receive(r + 1);
                if (n > 0 && carriesMine(in)) {
                    unpack(in, buf, off, n, type);
                }
            } else {
                if (r < 2 * fold.rem) {
                    net.recv(r - 1, Tags.CALL_CHECK, in, 0, in.length);
                    combine(buf, off, n, type, op, tmp, false);
                }
                int v = fold.virtualRank(r);
                for (int dist = 1; dist < fold.q; dist <<= 1) {
                    int partner = fold.actualRank(v ^ dist);
                    int length = pack(buf, off, n, type);
                    net.sendrecv(partner, Tags.CALL_CHECK, out, 0, length,
                            partner, Tags.CALL_CHECK, in, 0, in.length);
                    combine(buf, off, n, type, op, tmp, (v & dist) != 0);
                }
                if (r < 2 * fold.rem) {
                    send(r - 1, buf, off, n, type);
                }
            }
        }
        if (state[MAX + ARGS] != 0) {
            int bad = (int) state[MAX + FIELDS];
            throw new CollectiveMismatchException("call #" + state[MAX + SEQ] + " refused: rank " + bad
                    + " passed invalid arguments to " + describe(state, MAX)
                    + (state[MAX + ROOT] == bad ? " as the root" : "") + ": " + errorText() + " (detected on rank " + r + ")");
        }
        if (compareHeaders(state, MIN, state, MAX) != 0) {
            throw new CollectiveMismatchException("collective mismatch at call #" + state[MIN + SEQ]
                    + (state[MAX + SEQ] != state[MIN + SEQ] ? "/#" + state[MAX + SEQ] : "") + ": rank " + state[MIN + FIELDS]
                    + " called " + describe(state, MIN) + " but rank " + state[MAX + FIELDS] + " called "
                    + describe(state, MAX) + " (detected on rank " + r + ")");
        }
    }

    private void send(int to, Object buf, int off, int n, ElementType type) {
        net.send(to, Tags.CALL_CHECK, out, 0, pack(buf, off, n, type));
    }

    /** The largest header's error text: for messages only, so allocation is fine. */
    private String errorText() {
        char[] text = new char[(int) state[MAX + ARGS] - 1];
        for (int i = 0; i < text.length; i++) {
            text[i] = (char) error[i];
        }
        return new String(text);
    }

    private void receive(int from) {
        net.recv(from, Tags.CALL_CHECK, in, 0, in.length);
        mergeHeaders();
    }

    /**
     * Merges the received headers into {@code state} and, if the sender made this rank's call,
     * combines its payload: {@code buf = op(buf, in)}, or with {@code upper} {@code op(in, buf)}.
     */
    private void combine(Object buf, int off, int n, ElementType type, ReduceOp op, Object tmp, boolean upper) {
        boolean same = carriesMine(in);
        mergeHeaders();
        if (n == 0 || !same) {
            return;
        }
        unpack(in, tmp, 0, n, type);
        if (upper) {
            op.apply(tmp, 0, buf, off, n, type);
            System.arraycopy(tmp, 0, buf, off, n);
        } else {
            op.apply(buf, off, tmp, 0, n, type);
        }
    }

    private void mergeHeaders() {
        if (order(in, MIN, state, MIN) < 0) {
            System.arraycopy(in, MIN, state, MIN, FIELDS + 1);
        }
        if (order(in, MAX, state, MAX) > 0) {
            System.arraycopy(in, MAX, state, MAX, FIELDS + 1);
            if (in[MAX + ARGS] != 0) {
                System.arraycopy(in, LENGTH, error, 0, (int) in[MAX + ARGS] - 1);
            }
        }
    }

    /** True if everyone the message speaks for made exactly this rank's call. */
    private boolean carriesMine(long[] msg) {
        for (int i = 0; i < FIELDS; i++) {
            if (msg[MIN + i] != mine[i] || msg[MAX + i] != mine[i]) {
                return false;
            }
        }
        return true;
    }

    /** Fills {@code out}: the state, then the largest header's error text or else the partial result; returns its length. */
    private int pack(Object buf, int off, int n, ElementType type) {
        System.arraycopy(state, 0, out, 0, LENGTH);
        if (state[MAX + ARGS] != 0) {
            int length = (int) state[MAX + ARGS] - 1;
            System.arraycopy(error, 0, out, LENGTH, length);
            return LENGTH + length;
        }
        if (n == 0) {
            return LENGTH;
        }
        switch (type) {
            case DOUBLE:
                double[] d = (double[]) buf;
                for (int i = 0; i < n; i++) {
                    out[LENGTH + i] = Double.doubleToRawLongBits(d[off + i]);
                }
                break;
            case FLOAT:
                float[] f = (float[]) buf;
                for (int i = 0; i < n; i++) {
                    out[LENGTH + i] = Float.floatToRawIntBits(f[off + i]);
                }
                break;
            case LONG:
                System.arraycopy(buf, off, out, LENGTH, n);
                break;
            case INT:
                int[] a = (int[]) buf;
                for (int i = 0; i < n; i++) {
                    out[LENGTH + i] = a[off + i];
                }
                break;
            default:
                throw new IllegalArgumentException("cannot reduce " + type);
        }
        return LENGTH + n;
    }

    private static void unpack(long[] msg, Object dst, int off, int n, ElementType type) {
        switch (type) {
            case DOUBLE:
                double[] d = (double[]) dst;
                for (int i = 0; i < n; i++) {
                    d[off + i] = Double.longBitsToDouble(msg[LENGTH + i]);
                }
                break;
            case FLOAT:
                float[] f = (float[]) dst;
                for (int i = 0; i < n; i++) {
                    f[off + i] = Float.intBitsToFloat((int) msg[LENGTH + i]);
                }
                break;
            case LONG:
                System.arraycopy(msg, LENGTH, dst, off, n);
                break;
            case INT:
                int[] a = (int[]) dst;
                for (int i = 0; i < n; i++) {
                    a[off + i] = (int) msg[LENGTH + i];
                }
                break;
            default:
                throw new IllegalArgumentException("cannot reduce " + type);
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
        CallKind kind = CallKind.ofId(h[at + KIND]);
        ElementType type = ElementType.ofId((int) h[at + TYPE]);
        StringBuilder s = new StringBuilder(kind == null ? "collective #" + h[at + KIND] : kind.label).append('(');
        if (kind != CallKind.BARRIER) {
            s.append(type == null ? h[at + COUNT] + " elements" : type.describe(h[at + COUNT]));
            if (h[at + OP_ID] != 0) {
                s.append(", op=").append(unpackName(h[at + OP_NAME], h[at + OP_ID]));
            }
            if (h[at + ROOT] >= 0) {
                s.append(", root=").append(h[at + ROOT]);
            }
            if (h[at + ALGORITHM] >= 0) {
                s.append(", algorithm=").append(algorithmName(h[at + ALGORITHM]));
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
