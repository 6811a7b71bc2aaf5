package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.concord.checkpoints.Json;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.OpenMpi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 4-rank GMM job placed three ways — by {@code concord run}, by Open MPI's real
 * {@code mpirun}, and by {@code concord run} inside a (simulated) Slurm batch script, where it
 * must start the ranks with srun — gives the same metrics, line for line (times aside). In CI
 * ({@code CI=true}) mpirun must be installed; elsewhere those tests are skipped without it.
 */
class HpcLaunchIT {
    private static final Path JAR = Path.of("target", "concord.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> TRAIN = List.of("dev.concord.models.train.TrainMain", "gmm", "--iterations",
            "20", "--tol", "0", "--seed", "3", "--init", "evenly-spaced-rows");

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameMetricsUnderOpenMpiMpirunAsUnderConcordRun() throws Exception {
        assumeTrue(OpenMpi.mpirunAvailable(), "Open MPI's mpirun is not installed");
        Path viaMpirun = dir.resolve("mpirun.jsonl");
        List<String> cmd = new ArrayList<>(List.of(OpenMpi.MPIRUN.toString(), "-np", "4", "--oversubscribe", "--allow-run-as-root",
                "--mca", "btl", "self,tcp", "-x", "CONCORD_COORDINATOR=127.0.0.1:" + LocalCluster.freePort(),
                "-x", "CONCORD_JOB_TOKEN=hpc-it-token", JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", JAR.toString()));
        cmd.addAll(TRAIN);
        cmd.addAll(List.of("--metrics", viaMpirun.toString()));
        run(new ProcessBuilder(cmd), "mpirun");
        assertEquals(metricsOf(concordRun()), metricsOf(viaMpirun));
    }

    @Test
    void shouldRunTheMpirunExampleScript() throws Exception {
        assumeTrue(OpenMpi.mpirunAvailable(), "Open MPI's mpirun is not installed");
        Path metrics = dir.resolve("example.jsonl");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "examples", "hpc", "train-mpirun.sh").toString(),
                "--tol", "0");
        pb.environment().putAll(Map.of("NP", "2", "ITERATIONS", "5", "METRICS", metrics.toString(), "CONCORD_JAR",
                JAR.toString(), "COORDINATOR", "127.0.0.1:" + LocalCluster.freePort(), "JAVA", JAVA,
                "MPIRUN_ARGS", "--oversubscribe --allow-run-as-root --mca btl self,tcp"));
        run(pb, "train-mpirun.sh");
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(5).contains("\"final\":true") && lines.get(5).contains("\"iterations\":5"), lines.get(5));
    }

    @Test
    void shouldStartTheRanksWithSrunInsideASlurmBatchScript() throws Exception {
        Path bin = fakeSrunDirectory();
        Path log = dir.resolve("srun.log");
        Path viaSrun = dir.resolve("srun.jsonl");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "run", "-np", "4"));
        cmd.addAll(TRAIN);
        cmd.addAll(List.of("--metrics", viaSrun.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // what sbatch gives a batch script: a job, task 0 of 4, no step
        pb.environment().putAll(Map.of("SLURM_JOB_ID", "4242", "SLURM_PROCID", "0", "SLURM_NTASKS", "4",
                "SLURM_LOCALID", "0", "SLURM_JOB_NODELIST", "localhost", "FAKE_SRUN_LOG", log.toString(),
                "PATH", bin + ":" + System.getenv("PATH")));
        run(pb, "concord run under fake srun");
        String srunLog = Files.readString(log);
        assertTrue(srunLog.startsWith("args: -n 4 --kill-on-bad-exit=1 --label --export=ALL " + JAVA), srunLog);
        assertTrue(srunLog.contains("CONCORD_COORDINATOR=localhost:"), srunLog);
        String token = srunLog.lines().filter(l -> l.startsWith("CONCORD_JOB_TOKEN=")).findFirst().orElseThrow();
        assertEquals(64, token.length() - "CONCORD_JOB_TOKEN=".length(), "a fresh 32-byte token");
        assertFalse(srunLog.lines().findFirst().orElseThrow().contains(token.substring(18)), "token on srun's command line");
        assertFalse(srunLog.contains("CONCORD_COORDINATOR_EXTERNAL"), "rank 0 must run the coordinator");
        assertEquals(metricsOf(concordRun()), metricsOf(viaSrun));
    }

    /** Bad data under srun: every rank exits 65, srun reports it, and the step is not restarted. */
    @Test
    void shouldNotRestartAnSrunStepThatFailedOnBadData() throws Exception {
        Path bin = fakeSrunDirectory();
        Path bad = Files.writeString(dir.resolve("bad.csv"), "1,2\n3,4\n5,x\n");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "run", "-np", "2", "--max-restarts", "2",
                "dev.concord.models.train.TrainMain", "kmeans", "--data", bad.toString(), "--k", "1");
        pb.environment().putAll(Map.of("SLURM_JOB_ID", "4242", "SLURM_PROCID", "0", "SLURM_NTASKS", "2",
                "SLURM_LOCALID", "0", "SLURM_JOB_NODELIST", "localhost", "PATH", bin + ":" + System.getenv("PATH")));
        Process p = pb.directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(65, p.exitValue(), out);
        assertTrue(out.contains("not restarting: the srun step failed with status 65 (bad input data"), out);
        assertFalse(out.contains("restarting all"), out);
        assertEquals(1, out.split("bad number 'x'", -1).length - 1, "printed once:\n" + out);
    }

    /**
     * Against a real Slurm, when one answers here (e.g. a single-node slurm-wlm): {@code concord
     * run} in a batch script must start the ranks with srun, not take itself for rank 0 of 4.
     */
    @Test
    void shouldStartTheRanksWithRealSrunInASlurmBatchJob() throws Exception {
        assumeTrue(slurmAnswers(), "no Slurm cluster answers sinfo here");
        Path viaSlurm = dir.resolve("slurm.jsonl");
        Path out = dir.resolve("slurm.out");
        StringBuilder wrap = new StringBuilder(JAVA + " -jar " + JAR + " run -np 4");
        for (String a : TRAIN) {
            wrap.append(' ').append(a);
        }
        wrap.append(" --metrics ").append(viaSlurm);
        run(new ProcessBuilder("sbatch", "--wait", "--ntasks=4", "--time=5", "--chdir=" + dir, "--output=" + out,
                "--wrap", wrap.toString()), "sbatch");
        String log = Files.readString(out);
        assertTrue(log.contains("0: {\"final\":true"), "rank 0's lines carry srun's --label:\n" + log);
        assertEquals(metricsOf(concordRun()), metricsOf(viaSlurm));
    }

    private static boolean slurmAnswers() throws Exception {
        if (SrunLaunch.onPath(System.getenv("PATH"), "sbatch") == null) {
            return false;
        }
        Process p = new ProcessBuilder("sinfo", "-h", "-t", "idle,mix", "-o", "%n").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isBlank();
    }

    /** The reference: the same job launched by concord run on this host. */
    private Path concordRun() throws Exception {
        Path out = dir.resolve("concord-run.jsonl");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "run", "-np", "4", "--jvm-arg",
                "-XX:TieredStopAtLevel=1", "--jvm-arg", "-XX:+UseSerialGC"));
        cmd.addAll(TRAIN);
        cmd.addAll(List.of("--metrics", out.toString()));
        run(new ProcessBuilder(cmd), "concord run");
        return out;
    }

    /** Every line of a metrics file as JSON, without the timing keys (which differ from run to run). */
    private static List<Object> metricsOf(Path file) throws IOException {
        List<Object> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Map<?, ?> obj = (Map<?, ?>) Json.parse(line);
            obj.keySet().removeIf(k -> k.toString().endsWith("time_s"));
            out.add(obj);
        }
        assertEquals(21, out.size(), "20 iterations and the final line in " + file);
        return out;
    }

    /** A directory holding {@code srun}, the fake one ({@code /fake-srun}), to put first on the PATH. */
    private Path fakeSrunDirectory() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path srun = bin.resolve("srun");
        try (var in = HpcLaunchIT.class.getResourceAsStream("/fake-srun")) {
            Files.copy(in, srun);
        }
        Files.setPosixFilePermissions(srun, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static void run(ProcessBuilder pb, String what) throws Exception {
        Process p = pb.directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish in 120 s:\n" + out.get(5, TimeUnit.SECONDS));
        }
        assertEquals(0, p.exitValue(), what + " failed:\n" + out.get());
    }

}
