package dev.concord.runtime.tcp;

import dev.concord.runtime.Request;

/**
 * Requests keyed by rendezvous sequence number. Few are outstanding at once, so a linear scan of
 * parallel arrays beats hashing and never allocates after growth. Not thread-safe.
 */
final class SeqTable {
    private long[] seqs = new long[8];
    private Request[] requests = new Request[8];
    private int[] tags = new int[8];
    private int size;

    void put(long seq, Request r, int tag) {
        if (size == seqs.length) {
            seqs = java.util.Arrays.copyOf(seqs, size * 2);
            requests = java.util.Arrays.copyOf(requests, size * 2);
            tags = java.util.Arrays.copyOf(tags, size * 2);
        }
        seqs[size] = seq;
        requests[size] = r;
        tags[size] = tag;
        size++;
    }

    /** Index of {@code seq}, or -1. */
    int find(long seq) {
        for (int i = 0; i < size; i++) {
            if (seqs[i] == seq) {
                return i;
            }
        }
        return -1;
    }

    /** Index of request {@code r}, or -1. */
    int find(Request r) {
        for (int i = 0; i < size; i++) {
            if (requests[i] == r) {
                return i;
            }
        }
        return -1;
    }

    Request request(int i) {
        return requests[i];
    }

    int tag(int i) {
        return tags[i];
    }

    void remove(int i) {
        size--;
        seqs[i] = seqs[size];
        requests[i] = requests[size];
        tags[i] = tags[size];
        requests[size] = null;
    }

    /** Removes and returns every request. */
    Request[] drain() {
        Request[] out = java.util.Arrays.copyOf(requests, size);
        java.util.Arrays.fill(requests, 0, size, null);
        size = 0;
        return out;
    }
}
