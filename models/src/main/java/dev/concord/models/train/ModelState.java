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
