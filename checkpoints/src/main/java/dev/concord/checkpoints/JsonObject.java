package dev.concord.checkpoints;

/**
 * Builds one compact JSON object ({@code {"a":1,"b":"x"}}), field by field, in insertion order:
 * metric lines and model configurations. Numbers and strings follow {@link Json}'s rules; NaN and
 * infinities become {@code null}.
 */
public final class JsonObject {
    private final StringBuilder sb = new StringBuilder("{");

    public JsonObject put(String key, double v) {
        if (Double.isFinite(v)) {
            Json.number(key(key), v);
        } else {
            key(key).append("null");
        }
        return this;
    }

    public JsonObject put(String key, long v) {
        key(key).append(v);
        return this;
    }

    public JsonObject put(String key, boolean v) {
        key(key).append(v);
        return this;
    }

    public JsonObject put(String key, String v) {
        Json.quote(key(key), v);
        return this;
    }

    /** Adds every field of {@code other} after this one's. */
    public JsonObject append(JsonObject other) {
        if (other.sb.length() > 1) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(other.sb, 1, other.sb.length());
        }
        return this;
    }

    /** An independent copy to which more fields can be added. */
    public JsonObject copy() {
        JsonObject j = new JsonObject();
        j.sb.setLength(0);
        j.sb.append(sb);
        return j;
    }

    private StringBuilder key(String k) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        Json.quote(sb, k);
        return sb.append(':');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
