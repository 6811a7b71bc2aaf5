package dev.concord.models.data;

/**
 * A grouping key of a text line, for formats whose records span several lines (a bag-of-words
 * document is all lines with its docID). Splits never separate consecutive lines with equal keys.
 */
@FunctionalInterface
public interface LineKey {
    /** The key of {@code text[start, end)} (one line without terminator). */
    long of(CharSequence text, int start, int end);
}
