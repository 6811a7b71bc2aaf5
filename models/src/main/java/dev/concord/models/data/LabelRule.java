package dev.concord.models.data;

import java.util.Locale;

/**
 * How class labels in a file become class ids {@code 0..K-1}. Decided from the whole training
 * file (the smallest label over all ranks): a {@code -1} anywhere means {@link #PLUS_MINUS_ONE},
 * a {@code 0} means {@link #ZERO_BASED}, otherwise labels start at 1 ({@link #ONE_BASED}). Test
 * data and {@code concord predict} apply the training file's rule (recorded in the model file as
 * {@code "labels"}), so the same label means the same class everywhere.
 */
public enum LabelRule {
    /** Binary {@code -1/+1}: -1 is class 0, +1 class 1. */
    PLUS_MINUS_ONE("pm1"),
    /** Class ids as written, {@code 0..K-1} (binary: 0/1). */
    ZERO_BASED("0-based"),
    /** Classes {@code 1..K} (binary: 1/2): label {@code l} is class {@code l - 1}. */
    ONE_BASED("1-based");

    private final String label;

    LabelRule(String label) {
        this.label = label;
    }

    /** The rule for a file whose smallest label is {@code minLabel} (labels are integers >= -1). */
    public static LabelRule decide(long minLabel) {
        return minLabel == -1 ? PLUS_MINUS_ONE : minLabel == 0 ? ZERO_BASED : ONE_BASED;
    }

    /** The rule named by {@link #toString()}. */
    public static LabelRule parse(String s) {
        for (LabelRule r : values()) {
            if (r.label.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown label rule '" + s + "' (allowed: pm1, 0-based, 1-based)");
    }

    /** Class id of {@code label}, or -1 if the rule does not allow it. */
    public int classOf(long label) {
        switch (this) {
            case PLUS_MINUS_ONE: return label == -1 ? 0 : label == 1 ? 1 : -1;
            case ZERO_BASED: return label >= 0 ? (int) label : -1;
            default: return label >= 1 ? (int) (label - 1) : -1;
        }
    }

    /** The label that stands for class {@code id} (the inverse of {@link #classOf}): -1/+1, id, or id + 1. */
    public int labelOf(int id) {
        switch (this) {
            case PLUS_MINUS_ONE: return id == 0 ? -1 : 1;
            case ZERO_BASED: return id;
            default: return id + 1;
        }
    }

    /** What labels the rule allows, for error messages. */
    public String allowed() {
        switch (this) {
            case PLUS_MINUS_ONE: return "-1 and +1";
            case ZERO_BASED: return "class ids 0..K-1";
            default: return "class ids 1..K";
        }
    }

    /** How the first {@code classes} classes are written, for error messages: "0, 1", "-1, +1", "1..26". */
    public String labels(int classes) {
        if (this == PLUS_MINUS_ONE) {
            return "-1, +1";
        }
        int first = this == ZERO_BASED ? 0 : 1;
        return classes == 2 ? first + ", " + (first + 1) : first + ".." + (first + classes - 1);
    }

    /** The name stored in model files: {@code pm1}, {@code 0-based} or {@code 1-based}. */
    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
