package dev.concord.collectives.algorithm;

import dev.concord.runtime.ElementType;

/**
 * Reusable temporary arrays, one per element type, grown on demand and never shrunk: after the
 * largest call has been seen, algorithms obtain their temporaries without allocating. Not
 * thread-safe; one per {@code Collectives} instance, shared by its algorithms, which run one at a
 * time.
 */
public final class Scratch {
    private final Object[] arrays = new Object[ElementType.values().length];

    /** An array of {@code type} with at least {@code length} elements (contents unspecified). */
    public Object get(ElementType type, int length) {
        Object a = arrays[type.ordinal()];
        if (a == null || ElementType.lengthOf(a) < length) {
            a = type.newArray(Math.max(length, 16));
            arrays[type.ordinal()] = a;
        }
        return a;
    }
}
