package dev.concord.runtime;

/** Element types a message can carry. The wire order is little-endian for every type. */
public enum ElementType {
    BYTE(1, "bytes"),
    INT(4, "ints"),
    LONG(8, "longs"),
    FLOAT(4, "floats"),
    DOUBLE(8, "doubles");

    private static final ElementType[] BY_ID = values();

    private final int size;
    private final String plural;

    ElementType(int size, String plural) {
        this.size = size;
        this.plural = plural;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Wire identifier. */
    public int id() {
        return ordinal();
    }

    /** "1000 doubles", for messages. */
    public String describe(long count) {
        return count + " " + plural;
    }

    /** A new zeroed primitive array of this type with {@code length} elements. */
    public Object newArray(int length) {
        switch (this) {
            case DOUBLE: return new double[length];
            case FLOAT: return new float[length];
            case LONG: return new long[length];
            case INT: return new int[length];
            default: return new byte[length];
        }
    }

    /** The type for a wire identifier, or null if the identifier is unknown. */
    public static ElementType ofId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The element type of a primitive array or ByteBuffer, or an exception naming the class. */
    public static ElementType of(Object buffer) {
        if (buffer instanceof double[]) {
            return DOUBLE;
        }
        if (buffer instanceof float[]) {
            return FLOAT;
        }
        if (buffer instanceof long[]) {
            return LONG;
        }
        if (buffer instanceof int[]) {
            return INT;
        }
        if (buffer instanceof byte[] || buffer instanceof java.nio.ByteBuffer) {
            return BYTE;
        }
        throw new IllegalArgumentException("not a message buffer: "
                + (buffer == null ? "null" : buffer.getClass().getName()));
    }

    /** Element count of a primitive array, or remaining bytes of a ByteBuffer. */
    public static int lengthOf(Object buffer) {
        if (buffer instanceof double[]) {
            return ((double[]) buffer).length;
        }
        if (buffer instanceof float[]) {
            return ((float[]) buffer).length;
        }
        if (buffer instanceof long[]) {
            return ((long[]) buffer).length;
        }
        if (buffer instanceof int[]) {
            return ((int[]) buffer).length;
        }
        if (buffer instanceof byte[]) {
            return ((byte[]) buffer).length;
        }
        if (buffer instanceof java.nio.ByteBuffer) {
            return ((java.nio.ByteBuffer) buffer).remaining();
        }
        throw new IllegalArgumentException("not a message buffer: "
                + (buffer == null ? "null" : buffer.getClass().getName()));
    }
}
