package dev.concord.models.train;

import dev.concord.checkpoints.npy.NpyArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's parameters as named primitive arrays with shapes, in a fixed order: what checkpoints
 * store and what model files hold. The arrays are snapshots owned by the state.
 */
public final class ModelState {
    private final Map<String, NpyArray> arrays = new LinkedHashMap<>();

    /** Adds a copy of {@code data} under {@code name}. */
    public ModelState put(String name, double[] data, long... shape) {
        arrays.put(name, NpyArray.of(data.clone(), shape));
        return this;
    }

    /** Adds a copy of {@code data} as a vector of int64 under {@code name} (counters, flags). */
    public ModelState put(String name, long... data) {
        arrays.put(name, NpyArray.of(data.clone(), data.length));
        return this;
    }

    /** Adds a copy of {@code data} as int32 with {@code shape} under {@code name} (counts, assignments). */
    public ModelState put(String name, int[] data, long... shape) {
        arrays.put(name, NpyArray.of(data.clone(), shape));
        return this;
    }

    /** The int32 data of array {@code name} (live). */
    public int[] ints(String name) {
        return get(name).ints();
    }

    /** Whether an array {@code name} is present. */
    public boolean has(String name) {
        return arrays.containsKey(name);
    }

    /** Adds scalars as a float64 vector under {@code name}. */
    public ModelState putScalars(String name, double... data) {
        return put(name, data, data.length);
    }

    /** The float64 data of array {@code name} (live). */
    public double[] doubles(String name) {
        return get(name).doubles();
    }

    /** The int64 data of array {@code name} (live). */
    public long[] longs(String name) {
        return get(name).longs();
    }

    /** Copies array {@code name} into {@code into}, checking its length. */
    public void copyInto(String name, double[] into) {
        double[] d = doubles(name);
        if (d.length != into.length) {
            throw new IllegalArgumentException("array '" + name + "' has " + d.length + " values, the model needs "
                    + into.length + " (checkpoint of another model shape?)");
        }
        System.arraycopy(d, 0, into, 0, d.length);
    }

    /** Adds {@code array} (not copied) under {@code name}. */
    public ModelState put(String name, NpyArray array) {
        arrays.put(name, array);
        return this;
    }

    /** The arrays in insertion order. */
    public Map<String, NpyArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    /** The array named {@code name}; throws naming the known names if absent. */
    public NpyArray get(String name) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no array '" + name + "' in model state (has " + arrays.keySet() + ")");
        }
        return a;
    }
}
