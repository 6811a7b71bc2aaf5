package dev.concord.runtime.tcp;

/** A growable ring of longs; never allocates after growth. Not thread-safe. */
public final class LongQueue {
    private long[] items = new long[16];
    private int head;
    private int size;

    public void add(long v) {
        if (size == items.length) {
            long[] bigger = new long[size * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = items[(head + i) % items.length];
            }
            items = bigger;
            head = 0;
        }
        items[(head + size) % items.length] = v;
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long poll() {
        long v = items[head];
        head = (head + 1) % items.length;
        size--;
        return v;
    }
}
