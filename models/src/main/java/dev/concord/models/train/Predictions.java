package dev.concord.models.train;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.FileErrors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes every rank's per-row predictions, in global row order, to one file from rank 0. */
final class Predictions {
    private Predictions() {
    }

    /** Collective: gathers (counts, then values padded to the largest count) and writes on rank 0. */
    static void write(Path file, int[] local, Collectives coll) {
        int size = coll.communicator().size();
        int[] counts = new int[size];
        coll.allgather(new int[] {local.length}, 0, 1, counts, 0);
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        int[] padded = java.util.Arrays.copyOf(local, max);
        int[] all = new int[max * size];
        coll.allgather(padded, 0, max, all, 0);
        if (coll.communicator().rank() != 0) {
            return;
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int r = 0; r < size; r++) {
                for (int i = 0; i < counts[r]; i++) {
                    w.write(Integer.toString(all[r * max + i]));
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw FileErrors.cannotWrite(file, e);
        }
    }
}
