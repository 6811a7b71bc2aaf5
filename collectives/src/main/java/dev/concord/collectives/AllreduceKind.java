package dev.concord.collectives;

import java.util.Locale;

/** The AllReduce algorithms, by the names used in {@code CONCORD_ALLREDUCE} and {@code --allreduce}. */
public enum AllreduceKind {
    RING("ring"),
    TREE("tree"),
    RECURSIVE_DOUBLING("rd"),
    RABENSEIFNER("rabenseifner");

    private final String label;

    AllreduceKind(String label) {
        this.label = label;
    }

    /** Short name: ring, tree, rd, rabenseifner. */
    public String label() {
        return label;
    }

    /** The kind named {@code text} (case-insensitive), or an exception naming it and the allowed names. */
    public static AllreduceKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (AllreduceKind k : values()) {
            if (k.label.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown allreduce algorithm '" + text
                + "' (allowed: ring, tree, rd, rabenseifner)");
    }

    @Override
    public String toString() {
        return label;
    }
}
