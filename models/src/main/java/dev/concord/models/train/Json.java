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

    /** Adds every field of {@code other} after this one's. */
    public Json append(Json other) {
        if (other.sb.length() > 1) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(other.sb, 1, other.sb.length());
        }
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

    /**
     * The value of {@code key} in a flat JSON object written by this class: a string's content
     * (only the escapes \\" and \\\\ are decoded) or a number/boolean's text; null if absent.
     */
    public static String flatValue(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\"" + java.util.regex.Pattern.quote(key) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]*)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(1);
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
