package dev.concord.runtime;

/**
 * The point-to-point calls of a {@link Communicator} on the tags reserved for Concord's
 * collectives ({@code MAX_USER_TAG + 1} and above), for the collectives module; the
 * communicator's own methods refuse those tags, so an application cannot send or receive on them
 * by accident. Same semantics, deadlines and buffers as the communicator's calls of the same
 * names; a tag below the reserved range throws {@link IllegalArgumentException}, and there is no
 * wildcard tag. One instance per communicator: {@link #of} allocates nothing.
 */
public final class ReservedChannel {
    private final Communicator comm;

    ReservedChannel(Communicator comm) {
        this.comm = comm;
    }

    /** The reserved-tag calls of {@code comm}. */
    public static ReservedChannel of(Communicator comm) {
        return comm.reserved;
    }

    /** As {@link Communicator#send(int, int, Object, int, int)}, on a reserved tag. */
    public void send(int dest, int tag, Object buf, int off, int len) {
        comm.send(dest, tag, buf, off, len, true);
    }

    /** As {@link Communicator#recv(int, int, Object, int, int)}, on a reserved tag. */
    public int recv(int source, int tag, Object buf, int off, int len) {
        return comm.recv(source, tag, buf, off, len, true);
    }

    /** As {@link Communicator#sendrecv}, both on reserved tags. */
    public int sendrecv(int dest, int sendTag, Object sendBuf, int sendOff, int sendLen,
            int source, int recvTag, Object recvBuf, int recvOff, int recvLen) {
        return comm.sendrecv(dest, sendTag, sendBuf, sendOff, sendLen, source, recvTag, recvBuf, recvOff, recvLen, true);
    }

    /** As {@link Communicator#isend(int, int, Object, int, int)}, on a reserved tag. */
    public Request isend(int dest, int tag, Object buf, int off, int len) {
        return comm.isend(dest, tag, buf, off, len, true);
    }

    /** As {@link Communicator#irecv(int, int, Object, int, int)}, on a reserved tag. */
    public Request irecv(int source, int tag, Object buf, int off, int len) {
        return comm.irecv(source, tag, buf, off, len, true);
    }
}
