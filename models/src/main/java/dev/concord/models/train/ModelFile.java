package dev.concord.models.train;

import dev.concord.checkpoints.Json;
import dev.concord.checkpoints.JsonObject;
import dev.concord.checkpoints.npy.NpyArray;
import dev.concord.checkpoints.npy.NpzReader;
import dev.concord.checkpoints.npy.NpzWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Model files: a NumPy {@code .npz} (see {@code docs/models.md}) holding the model's state arrays
 * and {@code config}, the UTF-8 bytes ({@code |u1}) of a flat JSON object with the model name
 * ({@code "model"}), the data options and the training settings. Written deterministically: the
 * same model and configuration give the same bytes.
 */
public final class ModelFile {
    /** Entry holding the configuration JSON. */
    public static final String CONFIG = "config";

    private final String config;
    private final ModelState state;

    private ModelFile(String config, ModelState state) {
        this.config = config;
        this.state = state;
    }

    /** Writes {@code state} and {@code config} to {@code file} (atomically). */
    public static void write(Path file, ModelState state, JsonObject config) {
        NpzWriter npz = new NpzWriter();
        npz.add(CONFIG, NpyArray.vector(config.toString().getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, NpyArray> e : state.arrays().entrySet()) {
            npz.add(e.getKey(), e.getValue());
        }
        npz.write(file);
    }

    /** Fails now, with the reason, if {@link #write} could not write {@code file} ({@link NpzWriter#checkWritable}). */
    public static void checkWritable(Path file) {
        NpzWriter.checkWritable(file);
    }

    /** Reads a model file. */
    public static ModelFile read(Path file) {
        Map<String, NpyArray> arrays = NpzReader.read(file);
        NpyArray cfg = arrays.get(CONFIG);
        if (cfg == null) {
            throw new IllegalArgumentException(file + ": not a Concord model file (no '" + CONFIG + "' entry)");
        }
        ModelState state = new ModelState();
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            if (!e.getKey().equals(CONFIG)) {
                state.put(e.getKey(), e.getValue());
            }
        }
        return new ModelFile(new String(cfg.bytes(), StandardCharsets.UTF_8), state);
    }

    /** The configuration JSON text. */
    public String config() {
        return config;
    }

    /** A configuration value as text (numbers as written), or null. */
    public String setting(String key) {
        return Json.field(config, key);
    }

    public ModelState state() {
        return state;
    }
}
