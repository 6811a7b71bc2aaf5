package dev.concord.runtime.mpj;

import dev.concord.runtime.Request;
import java.util.Arrays;

/**
 * Requests handed to MPJ and not yet complete: Concord's request, MPJ's, and the staging array of
 * a ByteBuffer message that has no backing array. Parallel arrays that grow to the peak number in
 * flight and then stop allocating. Not thread-safe: {@link MpjCommunicator} guards it.
 */
final class InFlight {
    private Request[] requests = new Request[16];
    private mpi.Request[] mpj = new mpi.Request[16];
    private byte[][] staging = new byte[16][];
    private int size;

    int size() {
        return size;
    }

    void add(Request r, mpi.Request m, byte[] stage) {
        if (size == requests.length) {
            requests = Arrays.copyOf(requests, size * 2);
            mpj = Arrays.copyOf(mpj, size * 2);
            staging = Arrays.copyOf(staging, size * 2);
        }
        requests[size] = r;
        mpj[size] = m;
        staging[size] = stage;
        size++;
    }

    Request request(int i) {
        return requests[i];
    }

    mpi.Request mpj(int i) {
        return mpj[i];
    }

    byte[] staging(int i) {
        return staging[i];
    }

    /** Index of {@code r}, or -1. */
    int indexOf(Request r) {
        for (int i = 0; i < size; i++) {
            if (requests[i] == r) {
                return i;
            }
        }
        return -1;
    }

    /** Removes entry {@code i}, keeping the others in order (so earlier requests are tested first). */
    void remove(int i) {
        System.arraycopy(requests, i + 1, requests, i, size - i - 1);
        System.arraycopy(mpj, i + 1, mpj, i, size - i - 1);
        System.arraycopy(staging, i + 1, staging, i, size - i - 1);
        size--;
        requests[size] = null;
        mpj[size] = null;
        staging[size] = null;
    }
}
