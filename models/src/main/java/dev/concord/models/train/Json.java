package dev.concord.models.train;

/** Minimal JSON text building for metric lines and model configurations (no parsing). */
public final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    /** Adds a number; NaN and infinities become {@code null}. */
    public Json put(String key, double v) {
        key(key).append(Double.isFinite(v) ? (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v)) : "null");
        return this;
    }

    public Json put(String key, long v) {
        key(key).append(v);
        return this;
    }

    public Json put(String key, boolean v) {
        key(key).append(v);
        return this;
    }

    public Json put(String key, String v) {
        key(key);
        quote(sb, v);
        return this;
    }

    /** An independent copy to which more fields can be added. */
    public Json copy() {
        Json j = new Json();
        j.sb.setLength(0);
        j.sb.append(sb);
        return j;
    }

    private StringBuilder key(String k) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(sb, k);
        return sb.append(':');
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
