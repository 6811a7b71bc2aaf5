package dev.concord.collectives;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * The local checks of a collective's arguments on one rank. Each throws {@link
 * IllegalArgumentException} naming the rank and the values; {@link Collectives} tells the other
 * ranks through the call check, so that an error on one rank (typically the root's buffer) does
 * not leave the others waiting. Messages are built only on failure: the checks do not allocate.
 */
final class ArgumentChecks {
    static final String BUFFER = "buffer";
    static final String SEND = "send buffer";
    static final String RECEIVE = "receive buffer";
    /** The root's receive buffer of a gather or allgather's: room for every rank's elements. */
    static final String RECEIVE_ALL = "receive buffer (size * count elements)";
    /** The root's send buffer of a scatter: every rank's elements. */
    static final String SEND_ALL = "send buffer (size * count elements)";

    private final Communicator comm;

    ArgumentChecks(Communicator comm) {
        this.comm = comm;
    }

    /** The element type of {@code buf}, which a reduction with {@code op} takes; checks the range too. */
    ElementType reducible(Object buf, int off, int count, ReduceOp op) {
        if (op == null) {
            throw new IllegalArgumentException("reduce op is null on rank " + comm.rank());
        }
        ElementType type = ElementType.of(buf);
        if (type == ElementType.BYTE) {
            throw new IllegalArgumentException("cannot reduce bytes on rank " + comm.rank()
                    + ": reductions take double[], float[], long[] or int[]");
        }
        range(BUFFER, buf, off, count, type);
        // an empty application throws at once if the op lacks this type: every rank learns it
        // here, before any message, instead of one rank failing mid-algorithm
        op.apply(buf, off, buf, off, 0, type);
        return type;
    }

    /** {@code count} elements from every rank, in all; an error if no Java array can hold them. */
    int allRanks(int count) {
        long total = (long) count * comm.size();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " elements from each of " + comm.size() + " ranks make " + total
                    + ", more than a Java array holds (2^31 - 1), on rank " + comm.rank());
        }
        return (int) total;
    }

    /** {@code buf} ({@code role} says which, for the message) holds {@code count} elements of {@code type} from {@code off}. */
    void range(String role, Object buf, int off, int count, ElementType type) {
        if (ElementType.of(buf) != type) {
            throw new IllegalArgumentException(ElementType.of(buf) + " " + role + " where " + type
                    + " is expected on rank " + comm.rank());
        }
        int length = ElementType.lengthOf(buf);
        if (off < 0 || count < 0 || off > length - count) {
            throw new IllegalArgumentException(role + ": range [" + off + ", " + off + "+" + count
                    + ") is outside a buffer of " + length + " elements on rank " + comm.rank());
        }
    }

    /**
     * The arguments of a gather or scatter: every rank's own buffer {@code mine} holds {@code
     * count} elements, and on the root {@code all} holds every rank's; returns their element type.
     */
    ElementType rooted(String mineRole, Object mine, int moff, int count, String allRole, Object all, int aoff,
            int root) {
        ElementType type = ElementType.of(mine);
        range(mineRole, mine, moff, count, type);
        root(root);
        if (comm.rank() == root) {
            range(allRole, all, aoff, allRanks(count), type);
        }
        return type;
    }

    void root(int root) {
        if (root < 0 || root >= comm.size()) {
            throw new IllegalArgumentException("root " + root + " is outside [0, " + comm.size()
                    + ") on rank " + comm.rank());
        }
    }
}
