package dev.concord.models.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads numbers out of the scikit-learn reference JSON files in {@code ../../shared/data/reference}
 * by following keys in document order (enough for those files; not a JSON parser).
 */
public final class Reference {
    /** The shared data folder as seen from the module directory (Surefire's working directory). */
    public static final Path DATA = Path.of("../../shared/data");

    private final String text;

    private Reference(String text) {
        this.text = text;
    }

    public static Reference load(String name) {
        try {
            return new Reference(Files.readString(DATA.resolve("reference").resolve(name + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int find(String... path) {
        int pos = 0;
        for (String key : path) {
            int at = text.indexOf("\"" + key + "\"", pos);
            if (at < 0) {
                throw new IllegalArgumentException("no key path " + String.join("/", path) + " (stuck at " + key + ")");
            }
            pos = at + key.length() + 2;
        }
        return text.indexOf(':', pos) + 1;
    }

    public double number(String... path) {
        int p = find(path);
        int e = p;
        while (e < text.length() && ",}\n]".indexOf(text.charAt(e)) < 0) {
            e++;
        }
        return Double.parseDouble(text.substring(p, e).trim());
    }

    /** A flat list of numbers. */
    public double[] numbers(String... path) {
        int p = text.indexOf('[', find(path));
        int e = text.indexOf(']', p);
        String[] parts = text.substring(p + 1, e).split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i].trim());
        }
        return out;
    }

    /** A list of non-negative integers, e.g. row numbers. */
    public int[] ints(String... path) {
        double[] d = numbers(path);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }
}
