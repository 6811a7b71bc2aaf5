package dev.concord.checkpoints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.testkit.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    private static final CheckpointStore.Identity ID = new CheckpointStore.Identity("test", "cfg-1");

    static byte[] shard(int rank, long step) {
        return ("shard of rank " + rank + " at step " + step).repeat(50).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] model(long step) {
        return ("model at step " + step).getBytes(StandardCharsets.UTF_8);
    }

    /** np ranks save steps 1..last (sync or async), keeping {@code keep}. */
    static void saveSteps(Path dir, int np, long last, int keep, boolean async) {
        LocalCluster.of(np).run(comm -> {
            try (CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), ID, keep)) {
                for (long s = 1; s <= last; s++) {
                    long lo = comm.rank() * 100L;
                    if (async) {
                        store.saveAsync(s, shard(comm.rank(), s), lo, lo + 100, model(s));
                        store.poll(); // a sync point in between: commits the step if every write is done
                    } else {
                        store.save(s, shard(comm.rank(), s), lo, lo + 100, model(s));
                    }
                }
            }
        });
    }

    /** The step every one of np ranks agrees on, checking its content. */
    static long resume(Path dir, int np) {
        List<Long> steps = LocalCluster.of(np).call(comm -> {
            CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), ID, 2);
            Optional<Manifest> m = store.latest();
            if (m.isEmpty()) {
                return -1L;
            }
            Manifest man = m.get();
            assertArrayEquals(model(man.step()), store.read(man, man.modelFile()));
            if (comm.rank() < man.worldSize()) {
                assertArrayEquals(shard(comm.rank(), man.step()), store.read(man, man.shard(comm.rank())));
            }
            return man.step();
        });
        for (long s : steps) {
            assertEquals(steps.get(0), s, "ranks disagree: " + steps);
        }
        return steps.get(0);
    }

    @Test
    void shouldRemoveTheTempFileAndNameTheFileWhenAWriteFails(@TempDir Path dir) throws Exception {
        // a full disk: half the file reaches it, then the write fails as FileChannel.write does
        CommitFiles full = new CommitFiles() {
            @Override
            public void writeTemp(Path tmp, byte[] bytes) throws IOException {
                CommitFiles.DURABLE.writeTemp(tmp, Arrays.copyOf(bytes, bytes.length / 2));
                throw new IOException("No space left on device");
            }

            @Override
            public void publish(Path tmp, Path target) {
                throw new AssertionError("a failed write must not be published");
            }
        };
        Path target = dir.resolve("rank-0.npz");
        IOException e = assertThrows(IOException.class, () -> FileCommit.write(full, target, new byte[4096]));
        assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the temp file holds space a retry needs");
        }
    }

    @Test
    void shouldReportAStepARankCouldNotWriteOnceFromThatRank(@TempDir Path dir) throws Exception {
        saveSteps(dir, 3, 1, 2, false);
        // rank 1 cannot create its temp file (a directory is in the way); ranks 0 and 2 can
        Files.createDirectories(dir.resolve("step-2").resolve("rank-1.npz.tmp"));
        List<String> said = LocalCluster.of(3).call(comm -> {
            try (CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), ID, 2)) {
                long lo = comm.rank() * 100L;
                ConcordException e = assertThrows(ConcordException.class,
                        () -> store.save(2, shard(comm.rank(), 2), lo, lo + 100, model(2)));
                return (dev.concord.runtime.EchoedFailure.isEcho(e) ? "echo: " : "") + e.getMessage();
            }
        });
        String reason = "checkpoint step 2 was not committed: ranks [1] could not write their shards";
        assertTrue(said.get(1).startsWith(reason), "rank 1, which failed, reports it: " + said.get(1));
        assertTrue(said.get(0).startsWith("echo: " + reason), said.get(0));
        assertTrue(said.get(2).startsWith("echo: " + reason), said.get(2));
        assertEquals(1, resume(dir, 3), "step 1 stays the newest");
    }

    @Test
    void shouldSayACheckpointDirectoryThatIsAFileIsNotADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ck"), "not a directory");
        String said = LocalCluster.of(1).call(comm -> assertThrows(ConcordException.class,
                () -> CheckpointStore.open(file, Collectives.of(comm), ID, 2)).getMessage()).get(0);
        // 'concord train: rank 0: ' comes before it; the store adds no second rank prefix
        assertEquals("cannot create checkpoint directory " + file + ": not a directory", said);
    }

    @Test
    void shouldRefuseADirectoryItCannotWriteBeforeTheFirstCheckpoint() {
        // sysfs refuses new files even to root (chmod would not stop root in a container)
        Path sys = Path.of("/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys.resolve("kernel")), "Linux sysfs");
        String said = LocalCluster.of(1).call(comm -> assertThrows(ConcordException.class,
                () -> CheckpointStore.open(sys, Collectives.of(comm), ID, 2)).getMessage()).get(0);
        assertEquals("cannot write checkpoint directory /sys: permission denied", said);
    }

    @Test
    void shouldRefuseRowRangesThatDoNotPartitionTheRows(@TempDir Path dir) throws Exception {
        saveSteps(dir, 2, 1, 2, false);
        Path mf = dir.resolve("step-1/MANIFEST");
        Manifest good = StepDirs.readManifest(dir.resolve("step-1"));
        good.checkRowsPartition(mf.toString());
        assertEquals(200, good.keyEnd());
        // rank 1's rows [100, 200) as [108, 200): '0' (0x30) with bit 3 flipped is '8'
        Files.writeString(mf, Files.readString(mf).replace("\"key_lo\": 100,", "\"key_lo\": 108,"));
        Manifest bad = StepDirs.readManifest(dir.resolve("step-1"));
        CheckpointCorruptException e = assertThrows(CheckpointCorruptException.class,
                () -> bad.checkRowsPartition(mf.toString()));
        assertEquals(mf + ": damaged manifest: rank-1.npz covers rows [108, 200), not starting at row 100",
                e.getMessage());
    }

    @Test
    void shouldCommitKeepTheLastKAndResumeFromTheNewest(@TempDir Path dir) throws Exception {
        saveSteps(dir, 3, 5, 2, false);
        assertEquals(List.of(5L, 4L), StepDirs.steps(dir));
        assertEquals(5, resume(dir, 3));
        String manifest = Files.readString(dir.resolve("step-5/MANIFEST"));
        assertTrue(manifest.contains("\"world_size\": 3"), manifest);
        assertTrue(manifest.contains("\"name\": \"model.npz\""), manifest);
    }

    @Test
    void shouldCommitBackgroundWritesAtTheNextSyncPoint(@TempDir Path dir) {
        saveSteps(dir, 4, 6, 3, true);
        assertEquals(List.of(6L, 5L, 4L), StepDirs.steps(dir));
        assertEquals(6, resume(dir, 4));
    }

    @Test
    void shouldAgreeOnBackgroundStepsOnlyEveryTenthSyncPointAndAtClose(@TempDir Path dir) {
        LocalCluster.of(3).run(comm -> {
            try (CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), ID, 2)) {
                store.saveAsync(1, shard(comm.rank(), 1), 0, 1, model(1)); // sync point 1
                for (int sp = 2; sp < CheckpointStore.AGREE_EVERY; sp++) {
                    store.poll();
                }
                // no agreement yet on any rank, so no manifest, however long ago the writes finished
                assertFalse(Files.exists(dir.resolve("step-1/MANIFEST")), "committed before the agreement");
            }
            if (comm.rank() == 0) { // close agrees, and rank 0 waits for its background manifest
                assertTrue(Files.exists(dir.resolve("step-1/MANIFEST")));
            }
        });
        assertEquals(1, resume(dir, 3));
    }

    @Test
    void shouldResumeWithAnotherNumberOfRanks(@TempDir Path dir) {
        saveSteps(dir, 4, 2, 2, false);
        LocalCluster.of(2).run(comm -> {
            CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), ID, 2);
            Manifest m = store.latest().orElseThrow();
            assertEquals(4, m.worldSize());
            // new rank r of 2 covers keys [200 r, 200 r + 200): old shards 2r and 2r+1
            List<Manifest.Entry> mine = m.shardsCovering(200L * comm.rank(), 200L * comm.rank() + 200);
            assertEquals(2, mine.size());
            assertArrayEquals(shard(2 * comm.rank(), 2), store.read(m, mine.get(0)));
            assertArrayEquals(shard(2 * comm.rank() + 1, 2), store.read(m, mine.get(1)));
        });
    }

    @Test
    void shouldSkipEachKindOfDamageAndFallBack(@TempDir Path root) throws Exception {
        // the manifest has no checksum of its own: a lost shard entry must not pass as a valid step
        // whose files all check out
        String[] damages = {"truncate", "append", "flip", "no-manifest", "missing-file", "garbage-manifest", "lost-shard-entry"};
        for (String damage : damages) {
            Path dir = root.resolve(damage);
            saveSteps(dir, 2, 3, 3, false);
            Path step3 = dir.resolve("step-3");
            switch (damage) {
                case "truncate": {
                    byte[] b = Files.readAllBytes(step3.resolve("rank-1.npz"));
                    Files.write(step3.resolve("rank-1.npz"), java.util.Arrays.copyOf(b, b.length - 7));
                    break;
                }
                case "append": {
                    byte[] b = Files.readAllBytes(step3.resolve("rank-1.npz"));
                    Files.write(step3.resolve("rank-1.npz"), java.util.Arrays.copyOf(b, b.length + 7));
                    break;
                }
                case "flip": {
                    byte[] b = Files.readAllBytes(step3.resolve("rank-0.npz"));
                    b[b.length / 2] ^= 1;
                    Files.write(step3.resolve("rank-0.npz"), b);
                    break;
                }
                case "no-manifest":
                    Files.delete(step3.resolve("MANIFEST"));
                    break;
                case "missing-file":
                    Files.delete(step3.resolve("model.npz"));
                    break;
                case "lost-shard-entry": { // the entry of rank 1's shard (the last) gone, all else intact
                    Manifest m = StepDirs.readManifest(step3);
                    List<Manifest.Entry> files = new java.util.ArrayList<>(m.files());
                    files.remove(m.shard(1));
                    Files.writeString(step3.resolve("MANIFEST"), new Manifest(m.format(), m.model(), m.configHash(),
                            m.step(), m.worldSize(), files).toJson());
                    break;
                }
                default:
                    Files.writeString(step3.resolve("MANIFEST"), "{\"format\": 1, \"files\": [");
            }
            CheckpointStore.StepStatus s = CheckpointStore.scan(dir, ID).get(0);
            assertFalse(s.valid(), damage);
            String expected = switch (damage) {
                case "truncate" -> "bytes, the manifest says ";
                case "append" -> "rank-1.npz has";
                case "flip" -> "rank-0.npz fails its checksum";
                case "no-manifest" -> "no MANIFEST";
                case "missing-file" -> "lists model.npz, which is missing";
                case "lost-shard-entry" -> "the manifest lists 1 shards for world size 2";
                default -> "malformed manifest";
            };
            assertTrue(s.reason().contains(expected), damage + ": " + s.reason());
            assertEquals(damage.equals("truncate"), s.reason().endsWith("(truncated?)"), damage + ": " + s.reason());
            assertEquals(2, resume(dir, 2), damage);
        }
    }

    @Test
    void shouldLeaveThePreviousCheckpointAfterACrashAtAnyPointOfTheCommit(@TempDir Path root) throws Exception {
        // the states a crash can leave behind in step 3, per point of the protocol
        String[] points = {"during-shard-write", "after-shards-before-manifest", "during-manifest-rename"};
        for (String point : points) {
            Path dir = root.resolve(point);
            saveSteps(dir, 2, 2, 2, false);
            Path step3 = Files.createDirectories(dir.resolve("step-3"));
            Files.write(step3.resolve("rank-0.npz.tmp"), shard(0, 3));
            if (!point.equals("during-shard-write")) {
                Files.write(step3.resolve("rank-0.npz"), shard(0, 3));
                Files.write(step3.resolve("rank-1.npz"), shard(1, 3));
                Files.write(step3.resolve("model.npz"), model(3));
            }
            if (point.equals("during-manifest-rename")) {
                Files.writeString(step3.resolve("MANIFEST.tmp"), "{\"format\": 1");
            }
            assertEquals(2, resume(dir, 2), point);
            assertEquals(List.of(3L, 2L, 1L), StepDirs.steps(dir), point + ": nothing older may be lost");
            // and the job goes on: committing step 3 again works and cleans up
            saveSteps(dir, 2, 3, 2, false);
            assertEquals(3, resume(dir, 2), point);
        }
    }

    /** Every file under {@code dir} by relative path, with its bytes. */
    static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    @Test
    void shouldRefuseToResumeFromADirectoryHoldingAnotherJobsCheckpoints(@TempDir Path root) throws Exception {
        CheckpointStore.Identity[] others = {
            new CheckpointStore.Identity("other", "cfg-1"), new CheckpointStore.Identity("test", "cfg-2")};
        for (CheckpointStore.Identity other : others) {
            Path dir = root.resolve(other.model() + "-" + other.configHash());
            saveSteps(dir, 2, 3, 2, false);
            Map<String, byte[]> before = files(dir);
            String reason = CheckpointStore.scan(dir, other).get(0).reason();
            assertTrue(reason.contains(other.model().equals("test") ? "another configuration" : "'test' checkpoint"),
                    reason);
            List<String> said = LocalCluster.of(2).call(comm -> {
                CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), other, 2);
                try {
                    return "resumed from " + store.latest();
                } catch (IllegalArgumentException e) { // a usage error: the directory is not this job's
                    return e.getMessage();
                }
            });
            for (String msg : said) { // every rank, the same line
                assertEquals(said.get(0), msg);
                assertTrue(msg.startsWith("checkpoint directory " + dir + " holds checkpoints of another job (newest: "
                        + "step 3 of 'test', config hash cfg-1; this job trains '" + other.model() + "', config hash "
                        + other.configHash() + ")") && msg.endsWith("use another --checkpoint-dir or remove them"),
                        msg);
            }
            assertSameFiles(before, files(dir));
            assertEquals(3, resume(dir, 2)); // the owner still resumes
        }
    }

    @Test
    void shouldNeitherReplaceNorDeleteAnotherJobsSteps(@TempDir Path dir) throws Exception {
        saveSteps(dir, 2, 3, 2, false); // steps 2 and 3 of ID
        Map<String, byte[]> before = files(dir);
        CheckpointStore.Identity other = new CheckpointStore.Identity("test", "cfg-2");
        // without asking latest() first, as a job racing the owner would: step 3 is not replaced
        RuntimeException e = assertThrows(RuntimeException.class, () -> LocalCluster.of(2).run(comm -> {
            try (CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), other, 1)) {
                store.save(3, shard(comm.rank(), 33), 0, 1, model(33));
            }
        }));
        assertTrue(String.valueOf(e.getCause()).contains("checkpoint step 3 was not committed"), e.toString());
        // and its retention (keep 1) deletes only its own older steps
        LocalCluster.of(2).run(comm -> {
            try (CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm), other, 1)) {
                for (long s = 4; s <= 6; s++) {
                    store.save(s, shard(comm.rank(), s), 0, 1, model(s));
                }
            }
        });
        assertEquals(List.of(6L, 3L, 2L), StepDirs.steps(dir));
        Map<String, byte[]> after = files(dir);
        after.keySet().removeIf(name -> name.startsWith("step-6"));
        assertSameFiles(before, after);
    }
}
