package dev.concord.checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code step-<N>} directories of a checkpoint directory: listing, validation, deletion. No collectives. */
final class StepDirs {
    private static final System.Logger LOG = System.getLogger("dev.concord.checkpoints");

    private StepDirs() {
    }

    static CheckpointStore.StepStatus validate(Path d, long step, CheckpointStore.Identity identity) {
        Path mf = d.resolve(CheckpointStore.MANIFEST);
        if (!Files.exists(mf)) {
            return new CheckpointStore.StepStatus(step, d, false, "no MANIFEST (the step was never committed)", null);
        }
        Manifest m;
        try {
            m = Manifest.fromJson(mf.toString(), Files.readString(mf));
        } catch (IOException | CheckpointCorruptException e) {
            return new CheckpointStore.StepStatus(step, d, false, e.getMessage(), null);
        }
        if (m.format() != Manifest.FORMAT) {
            return new CheckpointStore.StepStatus(step, d, false, "format " + m.format() + " (this build reads " + Manifest.FORMAT + ")", m);
        }
        if (m.step() != step) {
            return new CheckpointStore.StepStatus(step, d, false, "the manifest says step " + m.step(), m);
        }
        if (identity != null && !identity.model().equals(m.model())) {
            return new CheckpointStore.StepStatus(step, d, false, "it is a '" + m.model() + "' checkpoint, this job trains '"
                    + identity.model() + "'", m);
        }
        if (identity != null && !identity.configHash().equals(m.configHash())) {
            return new CheckpointStore.StepStatus(step, d, false, "it belongs to another configuration (config hash " + m.configHash()
                    + ", this job " + identity.configHash() + ")", m);
        }
        String shards = shardProblem(m);
        if (shards != null) {
            return new CheckpointStore.StepStatus(step, d, false, shards, m);
        }
        for (Manifest.Entry e : m.files()) {
            Path f = d.resolve(e.name());
            if (!Files.exists(f)) {
                return new CheckpointStore.StepStatus(step, d, false, "the manifest lists " + e.name() + ", which is missing", m);
            }
            try {
                long[] sc = FileCommit.crcOf(f);
                if (sc[0] != e.bytes()) {
                    return new CheckpointStore.StepStatus(step, d, false, e.name() + " has " + sc[0] + " bytes, the manifest says "
                            + e.bytes() + (sc[0] < e.bytes() ? " (truncated?)" : ""), m);
                }
                if (sc[1] != e.crc32c()) {
                    return new CheckpointStore.StepStatus(step, d, false, String.format("%s fails its checksum (crc32c %08x, the "
                            + "manifest says %08x)", e.name(), sc[1], e.crc32c()), m);
                }
            } catch (IOException ex) {
                return new CheckpointStore.StepStatus(step, d, false, e.name() + " cannot be read: " + ex.getMessage(), m);
            }
        }
        return new CheckpointStore.StepStatus(step, d, true, "ok", m);
    }

    /**
     * Why the shard entries of {@code m} cannot be a committed step's, or null: a committed step
     * lists one shard per rank, in rank order. The manifest carries no checksum of its own, so this
     * is what catches a lost or damaged entry. (What the key ranges mean is the caller's: rows for
     * training checkpoints, see {@link Manifest#checkRowsPartition}.)
     */
    private static String shardProblem(Manifest m) {
        int rank = 0;
        for (Manifest.Entry e : m.files()) {
            if (e.rank() < 0) {
                continue;
            }
            if (e.rank() != rank || !e.name().equals(CheckpointStore.shardName(rank))) {
                return "the manifest lists " + e.name() + " (rank " + e.rank() + ") where rank " + rank
                        + "'s shard belongs";
            }
            rank++;
        }
        if (rank != m.worldSize()) {
            return "the manifest lists " + rank + " shards for world size " + m.worldSize();
        }
        return null;
    }

    /**
     * Of the scanned {@code steps} (newest first), the newest with a manifest of another model or
     * configuration than {@code identity}, valid or not; or -1.
     */
    static long newestOfAnotherJob(List<CheckpointStore.StepStatus> steps, CheckpointStore.Identity identity) {
        for (CheckpointStore.StepStatus s : steps) {
            if (s.manifest() != null && !identity.owns(s.manifest())) {
                return s.step();
            }
        }
        return -1;
    }

    /**
     * Of the scanned {@code steps} (newest first), the newest valid one, warning about each newer
     * one and why it is skipped; or -1.
     */
    static long newestValid(List<CheckpointStore.StepStatus> steps) {
        for (CheckpointStore.StepStatus s : steps) {
            if (s.valid()) {
                return s.step();
            }
            LOG.log(System.Logger.Level.WARNING, "checkpoint " + s.path() + " skipped: " + s.reason());
        }
        return -1;
    }

    static Manifest readManifest(Path d) {
        Path mf = d.resolve(CheckpointStore.MANIFEST);
        try {
            return Manifest.fromJson(mf.toString(), Files.readString(mf));
        } catch (IOException e) {
            throw new CheckpointCorruptException(mf + ": cannot be read: " + e.getMessage());
        }
    }

    /**
     * Whether step directory {@code d} has a readable manifest of another model or configuration
     * than {@code identity}. A step without a manifest, or with one that cannot be read, is
     * nobody's checkpoint: it may be replaced or deleted.
     */
    static boolean ofAnotherJob(Path d, CheckpointStore.Identity identity) {
        Path mf = d.resolve(CheckpointStore.MANIFEST);
        if (!Files.exists(mf)) {
            return false;
        }
        try {
            return !identity.owns(Manifest.fromJson(mf.toString(), Files.readString(mf)));
        } catch (IOException | CheckpointCorruptException e) {
            return false;
        }
    }

    /** Step numbers of the {@code step-<N>} directories, newest first. */
    static List<Long> steps(Path dir) {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith("step-") && Files.isDirectory(p)) {
                    try {
                        out.add(Long.parseLong(name.substring(5)));
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort((a, b) -> Long.compare(b, a));
        return out;
    }

    static void deleteTree(Path d) {
        try (var s = Files.walk(d)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not delete old checkpoint file " + p + ": " + e);
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete old checkpoint " + d + ": " + e);
        }
    }
}
