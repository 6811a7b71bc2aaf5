package dev.concord.runtime.tcp;

import dev.concord.runtime.Request;

/**
 * Requests keyed by rendezvous sequence number, each with its tag and one number the transport
 * keeps with it (the shared-memory transport: the message's element count). Few are outstanding
 * at once, so a linear scan of parallel arrays beats hashing and never allocates after growth.
 * Not thread-safe.
 */
public final class SeqTable {
    private long[] seqs = new long[8];
    private Request[] requests = new Request[8];
    private int[] tags = new int[8];
    private long[] values = new long[8];
    private int size;

    public void put(long seq, Request r, int tag) {
        put(seq, r, tag, 0);
    }

    public void put(long seq, Request r, int tag, long value) {
        if (size == seqs.length) {
            values = java.util.Arrays.copyOf(values, size * 2);
            seqs = java.util.Arrays.copyOf(seqs, size * 2);
            requests = java.util.Arrays.copyOf(requests, size * 2);
            tags = java.util.Arrays.copyOf(tags, size * 2);
        }
        seqs[size] = seq;
        requests[size] = r;
        tags[size] = tag;
        values[size] = value;
        size++;
    }

    /** Index of {@code seq}, or -1. */
    public int find(long seq) {
        for (int i = 0; i < size; i++) {
            if (seqs[i] == seq) {
                return i;
            }
        }
        return -1;
    }

    /** Removes request {@code r}; false if it is not here. */
    public boolean remove(Request r) {
        for (int i = 0; i < size; i++) {
            if (requests[i] == r) {
                remove(i);
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size;
    }

    public Request request(int i) {
        return requests[i];
    }

    public int tag(int i) {
        return tags[i];
    }

    public long value(int i) {
        return values[i];
    }

    public void remove(int i) {
        size--;
        seqs[i] = seqs[size];
        requests[i] = requests[size];
        tags[i] = tags[size];
        values[i] = values[size];
        requests[size] = null;
    }

    /** Removes and returns every request (null where one was stored as null). */
    public Request[] drain() {
        Request[] out = java.util.Arrays.copyOf(requests, size);
        java.util.Arrays.fill(requests, 0, size, null);
        size = 0;
        return out;
    }
}
