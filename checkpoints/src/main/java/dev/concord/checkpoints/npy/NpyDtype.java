package dev.concord.checkpoints.npy;

/** The NumPy element types this package reads and writes, all little-endian or byte-sized. */
public enum NpyDtype {
    FLOAT64("<f8", 8), INT64("<i8", 8), INT32("<i4", 4), UINT8("|u1", 1);

    private final String descr;
    private final int size;

    NpyDtype(String descr, int size) {
        this.descr = descr;
        this.size = size;
    }

    /** NumPy's {@code descr} string, e.g. {@code <f8}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The type of a Java primitive array. */
    public static NpyDtype of(Object array) {
        if (array instanceof double[]) {
            return FLOAT64;
        }
        if (array instanceof long[]) {
            return INT64;
        }
        if (array instanceof int[]) {
            return INT32;
        }
        if (array instanceof byte[]) {
            return UINT8;
        }
        throw new IllegalArgumentException("no NumPy dtype for "
                + (array == null ? "null" : array.getClass().getSimpleName()) + " (use double[], long[], int[], byte[])");
    }

    /** The type named by a header's {@code descr}; null if unsupported. */
    static NpyDtype ofDescr(String descr) {
        for (NpyDtype t : values()) {
            if (t.descr.equals(descr) || (t == UINT8 && "<u1".equals(descr))) {
                return t;
            }
        }
        return null;
    }
}
