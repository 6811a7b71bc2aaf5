package dev.concord.checkpoints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code MANIFEST} of a checkpoint step: format version, model kind, configuration hash,
 * step, world size, and every file with its size and CRC32C. Written last, by rank 0; a step
 * without a valid manifest does not exist. The format is documented in
 * {@code docs/checkpoint-format.md}.
 *
 * @param files shard files (one per rank, rank order) then the replicated model file, if any
 */
public record Manifest(int format, String model, String configHash, long step, int worldSize, List<Entry> files) {
    public static final int FORMAT = 1;

    /**
     * One file of the step.
     *
     * @param rank the rank whose shard it is, or -1 for the replicated model
     * @param keyLo first global data position the shard covers (inclusive), or -1
     * @param keyHi end of the global data positions it covers (exclusive), or -1
     */
    public record Entry(String name, int rank, long bytes, long crc32c, long keyLo, long keyHi) {
    }

    public Manifest {
        files = List.copyOf(files);
    }

    /** The entry of {@code rank}'s shard. */
    public Entry shard(int rank) {
        for (Entry e : files) {
            if (e.rank() == rank) {
                return e;
            }
        }
        throw new CheckpointCorruptException("step " + step + ": the manifest lists no shard of rank " + rank);
    }

    /** The replicated model file's entry, or null. */
    public Entry modelFile() {
        for (Entry e : files) {
            if (e.rank() < 0) {
                return e;
            }
        }
        return null;
    }

    /** The global data positions the shards cover together: the end of the last one's range (0 if none). */
    public long keyEnd() {
        long end = 0;
        for (Entry e : files) {
            if (e.rank() >= 0) {
                end = Math.max(end, e.keyHi());
            }
        }
        return end;
    }

    /**
     * Throws unless the shards' key ranges partition {@code [0, keyEnd())} in rank order, as
     * ranges of data rows do ({@code where} names the manifest in the message). The manifest has no
     * checksum of its own: a damaged range would restore another rank's rows.
     */
    public void checkRowsPartition(String where) {
        long end = 0;
        for (Entry e : files) {
            if (e.rank() >= 0) {
                if (e.keyLo() != end || e.keyHi() < e.keyLo()) {
                    throw new CheckpointCorruptException(where + ": damaged manifest: " + e.name() + " covers rows ["
                            + e.keyLo() + ", " + e.keyHi() + "), not starting at row " + end);
                }
                end = e.keyHi();
            }
        }
    }

    /** Shards whose key range intersects {@code [lo, hi)}, in rank order (for resuming on another world size). */
    public List<Entry> shardsCovering(long lo, long hi) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : files) {
            if (e.rank() >= 0 && e.keyLo() < hi && lo < e.keyHi()) {
                out.add(e);
            }
        }
        return out;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("model", model);
        m.put("config_hash", configHash);
        m.put("step", step);
        m.put("world_size", worldSize);
        List<Object> list = new ArrayList<>();
        for (Entry e : files) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", e.name());
            f.put("rank", e.rank());
            f.put("bytes", e.bytes());
            f.put("crc32c", String.format("%08x", e.crc32c()));
            f.put("key_lo", e.keyLo());
            f.put("key_hi", e.keyHi());
            list.add(f);
        }
        m.put("files", list);
        return Json.write(m) + "\n";
    }

    /** Parses a manifest; throws CheckpointCorruptException naming what is missing or malformed. */
    public static Manifest fromJson(String where, String text) {
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(text);
            List<Entry> files = new ArrayList<>();
            for (Object o : (List<?>) require(m, "files")) {
                Map<?, ?> f = (Map<?, ?>) o;
                files.add(new Entry((String) require(f, "name"), num(f, "rank").intValue(), num(f, "bytes").longValue(),
                        Long.parseLong((String) require(f, "crc32c"), 16), num(f, "key_lo").longValue(),
                        num(f, "key_hi").longValue()));
            }
            return new Manifest(num(m, "format").intValue(), (String) require(m, "model"),
                    (String) require(m, "config_hash"), num(m, "step").longValue(), num(m, "world_size").intValue(),
                    files);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new CheckpointCorruptException(where + ": malformed manifest: " + e.getMessage());
        }
    }

    private static Object require(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return v;
    }

    private static Number num(Map<?, ?> m, String key) {
        return (Number) require(m, key);
    }
}
