package dev.concord.collectives.algorithm;

import dev.concord.runtime.Request;

/**
 * Sends started by an algorithm and not yet awaited. Grows to the largest number in flight, then
 * stops allocating. {@link #awaitAll()} waits for (each bounded by the op timeout) and releases
 * them all; an algorithm calls it before it touches a buffer region it has sent from.
 */
final class PendingSends {
    private Request[] requests = new Request[16];
    private int size;

    void add(Request r) {
        if (size == requests.length) {
            requests = java.util.Arrays.copyOf(requests, size * 2);
        }
        requests[size++] = r;
    }

    void awaitAll() {
        try {
            for (int i = 0; i < size; i++) {
                requests[i].await();
                requests[i].release();
                requests[i] = null;
            }
        } finally {
            java.util.Arrays.fill(requests, 0, size, null);
            size = 0;
        }
    }
}
