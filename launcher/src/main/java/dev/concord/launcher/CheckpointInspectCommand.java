package dev.concord.launcher;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.checkpoints.Manifest;
import dev.concord.checkpoints.npy.NpyArray;
import dev.concord.checkpoints.npy.NpzReader;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concord checkpoint inspect DIR|FILE.npz [--step N]}: the arrays (name, dtype, shape,
 * first values) of every file of a step (default: the newest valid one), or of one .npz file.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the arrays (name, dtype, shape, first values) of a step's files or of one .npz file.")
final class CheckpointInspectCommand implements Callable<Integer> {
    private static final int FIRST = 6;

    @Parameters(index = "0", paramLabel = "DIR|FILE.npz", description = "Checkpoint directory, step directory or .npz.")
    Path path;

    @Option(names = "--step", paramLabel = "N", description = "Step to inspect (default: the newest valid one).")
    Long step;

    @Override
    public Integer call() {
        if (Files.isRegularFile(path)) {
            print(path);
            return 0;
        }
        CheckpointCommand.requireDirectory(path);
        CheckpointStore.StepStatus chosen = null;
        for (CheckpointStore.StepStatus s : CheckpointStore.scan(path, null)) {
            if (step == null ? s.valid() : s.step() == step) {
                chosen = s;
                break;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException(step == null ? "no valid checkpoint in " + path
                    : "no step " + step + " in " + path);
        }
        System.out.println("step " + chosen.step() + " (" + chosen.path() + "): "
                + (chosen.valid() ? "valid" : "INVALID: " + chosen.reason()));
        if (chosen.manifest() != null) {
            Manifest m = chosen.manifest();
            System.out.println("model " + m.model() + ", config " + m.configHash() + ", " + m.worldSize() + " ranks");
            for (Manifest.Entry e : m.files()) {
                System.out.println(e.name() + " (" + e.bytes() + " bytes"
                        + (e.rank() >= 0 ? ", rank " + e.rank() + ", rows [" + e.keyLo() + ", " + e.keyHi() + ")" : "")
                        + "):");
                print(chosen.path().resolve(e.name()));
            }
        }
        return 0;
    }

    private static void print(Path npz) {
        for (Map.Entry<String, NpyArray> e : NpzReader.read(npz).entrySet()) {
            NpyArray a = e.getValue();
            System.out.printf("  %-20s %-4s %-14s %s%n", e.getKey(), a.dtype().descr(), Arrays.toString(a.shape()),
                    first(a.data()));
        }
    }

    static String first(Object data) {
        int n = Array.getLength(data);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, FIRST); i++) {
            b.append(i == 0 ? "" : ", ").append(Array.get(data, i));
        }
        return b.append(n > FIRST ? ", ... (" + n + " values)]" : "]").toString();
    }
}
