package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code concord train / checkpoint / predict} end to end through the shaded jar. */
class ConcordTrainIT {
    @Test
    void shouldTrainCheckpointInspectVerifyAndPredict(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Path model = dir.resolve("gmm.npz");
        Process p = ConcordProcess.start("train", "gmm", "-np", "2", "--iterations", "10", "--tol", "0",
                "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "5", "--out", model.toString());
        String[] io = ConcordProcess.finish(p, 90);
        assertEquals(0, p.exitValue(), io[0] + io[1]);
        assertTrue(io[0].contains("[0] {\"final\":true,\"iterations\":10"), io[0]);
        assertTrue(Files.exists(model));

        p = ConcordProcess.start("checkpoint", "list", ckpt.toString());
        io = ConcordProcess.finish(p, 30);
        assertEquals(0, p.exitValue(), io[1]);
        assertTrue(io[0].matches("(?s).*\\n10 +\\d+  valid \\(gmm, 2 ranks\\).*\\n5 +\\d+  valid.*"), io[0]);

        p = ConcordProcess.start("checkpoint", "inspect", ckpt.toString());
        io = ConcordProcess.finish(p, 30);
        assertEquals(0, p.exitValue(), io[1]);
        assertTrue(io[0].contains("step 10"), io[0]);
        assertTrue(io[0].matches("(?s).*centred_means +<f8 +\\[3, 2].*"), io[0]);
        assertTrue(io[0].matches("(?s).*rows +<i8 +\\[2] +\\[0, 300].*"), io[0]);

        Path data = dir.resolve("points.csv");
        Files.writeString(data, "0,0\n4,4\n-4,3\n0.5,0.2\n");
        p = ConcordProcess.start("predict", model.toString(), "--data", data.toString());
        io = ConcordProcess.finish(p, 30);
        assertEquals(0, p.exitValue(), io[1]);
        assertTrue(io[0].contains("avg_log_likelihood"), io[0]);

        p = ConcordProcess.start("checkpoint", "verify", ckpt.toString());
        assertEquals(0, p.waitFor(), "verify of a good checkpoint");
        Path shard = ckpt.resolve("step-10").resolve("rank-1.npz");
        byte[] b = Files.readAllBytes(shard);
        b[b.length / 2] ^= 1;
        Files.write(shard, b);
        p = ConcordProcess.start("checkpoint", "verify", ckpt.toString());
        io = ConcordProcess.finish(p, 30);
        assertEquals(1, p.exitValue(), io[0] + io[1]);
        assertTrue(io[1].contains("rank-1.npz fails its checksum"), io[1]);
    }

    /**
     * Bad data found by one rank: printed once, by that rank; every rank exits 65 (so srun, which
     * reports its tasks' highest status, and mpirun, the first, say 65 too), and no restart.
     */
    @Test
    void shouldReportBadDataOnceAndNameTheRankThatFoundIt(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            csv.append(i % 11).append(',').append(i % 7).append('\n');
        }
        csv.append("1,x\n"); // the last line: the last rank's part
        Path bad = Files.writeString(dir.resolve("bad.csv"), csv);
        Process p = ConcordProcess.start("train", "kmeans", "-np", "3", "--data", bad.toString(), "--k", "2");
        String[] io = ConcordProcess.finish(p, 90);
        assertEquals(65, p.exitValue(), io[0] + io[1]);
        String line = "concord train: rank 2: " + bad + ":301: bad number 'x'";
        assertEquals(1, io[1].split(java.util.regex.Pattern.quote(line), -1).length - 1, io[1]);
        assertTrue(io[1].contains("rank 2 exited with status 65") && io[1].contains("rank 0 exited with status 65"),
                io[1]);
        // bad data fails every attempt alike: no restart
        p = ConcordProcess.start("train", "kmeans", "-np", "2", "--max-restarts", "2", "--data", bad.toString(),
                "--k", "2");
        io = ConcordProcess.finish(p, 90);
        assertEquals(65, p.exitValue(), io[0] + io[1]);
        assertTrue(io[1].contains("exited with status 65 (bad input data, which a restart would read again)")
                && io[1].contains("not restarting: rank "), io[1]);
    }

    /** The same job over shared memory gives the bitwise-same model as over TCP, and leaves no segment file. */
    @Test
    void shouldTrainTheSameModelOverSharedMemoryAsOverTcp(@TempDir Path dir) throws Exception {
        String[] finals = new String[2];
        String[] transports = {"tcp", "shm"};
        for (int i = 0; i < 2; i++) {
            Process p = ConcordProcess.start("train", "gmm", "-np", "4", "--iterations", "8", "--tol", "0",
                    "--transport", transports[i], "-x", "CONCORD_SHM_DIR=" + dir);
            String[] io = ConcordProcess.finish(p, 120);
            assertEquals(0, p.exitValue(), io[0] + io[1]);
            int at = io[0].indexOf("\"avg_log_likelihood\":");
            assertTrue(at > 0, io[0]);
            finals[i] = io[0].substring(at, io[0].indexOf(',', at));
        }
        assertEquals(finals[0], finals[1], "tcp vs shm");
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "shared-memory files left behind in " + dir);
        }
    }

    @Test
    void shouldTrainLdaAndPrintItsTopicsAsWords(@TempDir Path dir) throws Exception {
        Path data = Path.of("../../shared/data/lda");
        Path model = dir.resolve("lda.npz");
        Process p = ConcordProcess.start("train", "lda", "-np", "2", "--data", data.resolve("kjv.docword.txt").toString(),
                "--k", "12", "--iterations", "10", "--out", model.toString());
        String[] io = ConcordProcess.finish(p, 120);
        assertEquals(0, p.exitValue(), io[0] + io[1]);
        assertTrue(io[0].contains("\"log_likelihood_per_token\":-"), io[0]);

        p = ConcordProcess.start("lda-topics", model.toString(), "--vocab", data.resolve("kjv.vocab.txt").toString(),
                "--top", "5");
        io = ConcordProcess.finish(p, 30);
        assertEquals(0, p.exitValue(), io[1]);
        String[] lines = io[0].strip().split("\n");
        assertEquals(12, lines.length, io[0]);
        assertTrue(lines[0].matches("topic 0 \\([0-9.]+% of tokens\\):( [a-z]+){5}"), lines[0]);

        Path otherVocab = Files.writeString(dir.resolve("other.vocab.txt"), "in\nthe\nbeginning\n");
        p = ConcordProcess.start("lda-topics", model.toString(), "--vocab", otherVocab.toString());
        io = ConcordProcess.finish(p, 30);
        assertEquals(2, p.exitValue(), io[0] + io[1]);
        assertTrue(io[1].contains("with " + otherVocab + ": the vocabulary has 3 words, the model 6083"), io[1]);

        p = ConcordProcess.start("lda-topics", model.toString(), "--vocab", dir.resolve("missing.vocab.txt").toString());
        io = ConcordProcess.finish(p, 30);
        assertEquals(2, p.exitValue(), io[0] + io[1]);
        assertTrue(io[1].contains("missing.vocab.txt: no such file or directory") && !io[1].contains("\tat "), io[1]);

        p = ConcordProcess.start("lda-topics", dir.resolve("missing.npz").toString());
        io = ConcordProcess.finish(p, 30);
        assertTrue(p.exitValue() != 0 && io[1].contains("missing.npz"), io[0] + io[1]);
    }
}
